using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Trading.Deposits;
using QuotaLedger.Application.Trading.Listings;

namespace QuotaLedger.Api.Trading;

/// <summary>A suspended listing's resumption; a new close where the old one passed while it was suspended.</summary>
public sealed record ListingResumptionBody(string Reason, DateTimeOffset? ClosesAt = null);

/// <summary>An order on a fixed-price listing: the quantity of the listing's measure.</summary>
public sealed record ListingOrderBody(decimal Quantity);

/// <summary>A bid on an auction: the unit price, in yuan per unit of the listing's measure.</summary>
public sealed record ListingBidBody(decimal UnitPrice);

/// <summary>The bank reference of the buyer's deposit transfer.</summary>
public sealed record DepositDeclarationBody(string BankReference);

public sealed class ListingsEndpoints : IEndpointGroup
{
    public const string Path = "/api/v1/trading/listings";

    public void Map(RouteGroupBuilder api)
    {
        var listings = api.MapGroup("/trading/listings").WithTags("Trading: listings");

        listings.MapPost("/", async (DraftListing command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"{Path}/{result.Id}", result);
            })
            .Command("DraftListing",
                "The centre drafts a fixed-price (挂牌) or auction (拍卖) listing of one measure of one kind, from 150000 or a county; left-out terms come from the trading parameters.");

        listings.MapPost("/{listingId:guid}/consent", async (Guid listingId, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(new GiveListingConsent(listingId, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("GiveListingConsent", "A user of the county whose quota is listed consents to its sale.");

        listings.MapPost("/{listingId:guid}/submit", async (Guid listingId, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(new SubmitListing(listingId, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("SubmitListing", "The centre submits a draft listing for review.");

        listings.MapPost("/{listingId:guid}/reject", async (Guid listingId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new RejectListing(listingId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("RejectListing", "A centre user other than the drafter sends a listing under review back to draft, with a reason.");

        listings.MapPost("/{listingId:guid}/publish", async (Guid listingId, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(new PublishListing(listingId, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("PublishListing",
                "A centre user other than the drafter approves: the listing is announced and its quantity is reserved in escrow on the seller's lots.");

        listings.MapPost("/{listingId:guid}/suspend", async (Guid listingId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new SuspendListing(listingId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("SuspendListing", "中止: the centre suspends a listing where it stands, with a reason.");

        listings.MapPost("/{listingId:guid}/resume", async (Guid listingId, ListingResumptionBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ResumeListing(listingId, body.Reason, body.ClosesAt, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ResumeListing", "The centre resumes a suspended listing where it stood; a close that passed meanwhile needs a new one.");

        listings.MapPost("/{listingId:guid}/withdraw", async (Guid listingId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new WithdrawListing(listingId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("WithdrawListing", "The centre withdraws a listing before trading begins; its escrow goes back to the seller.");

        listings.MapPost("/{listingId:guid}/terminate", async (Guid listingId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new TerminateListing(listingId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("TerminateListing",
                "交易终止: the centre ends a listing during trading or before its deal; the escrow goes back to the seller, the deposits become refundable.");

        listings.MapPost("/{listingId:guid}/publicize-result", async (Guid listingId, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(new PublicizeListingResult(listingId, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("PublicizeListingResult", "结果公示: the centre publishes the provisional result for the publicity days.");

        listings.MapPost("/{listingId:guid}/orders", async (Guid listingId, ListingOrderBody body, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(new PlaceOrder(listingId, body.Quantity, EndpointResults.IfMatch(http)), http.RequestAborted);
                return EndpointResults.Created(http, $"{Path}/{listingId}/orders", result);
            })
            .Decision("PlaceOrder",
                "A buyer orders a quantity of a fixed-price listing at its price; answers the order's id and the listing's version. The order taking the last of it closes trading.");

        listings.MapPost("/{listingId:guid}/bids", async (Guid listingId, ListingBidBody body, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(new PlaceBid(listingId, body.UnitPrice, EndpointResults.IfMatch(http)), http.RequestAborted);
                return EndpointResults.Created(http, $"{Path}/{listingId}/bids", result);
            })
            .Decision("PlaceBid",
                "A buyer bids a unit price on an auction; answers the bid's id and the listing's version. A bid at the cap ends the bidding.");

        listings.MapPost("/{listingId:guid}/deposit", async (Guid listingId, DepositDeclarationBody body, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(new DeclareDeposit(listingId, body.BankReference, EndpointResults.IfMatch(http)), http.RequestAborted);
                return EndpointResults.Created(http, $"{DepositsEndpoints.Path}/{result.Id}", result);
            })
            .Decision("DeclareDeposit", "A buyer declares it paid the listing's deposit, with its bank reference, for the centre to confirm.");

        listings.MapGet("/", async (string? status, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListListings(status, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListListings",
                "Listings newest first: all to the centre (status narrows them), a county's or prefecture's own, those announced or trading and open to it to a buyer.");

        listings.MapGet("/{listingId:guid}", async (Guid listingId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetListing(listingId), http.RequestAborted)))
            .VersionedQuery("GetListing",
                "A listing with its escrowed lots' provenance, what is left and the best price; its history to the centre and the seller.");

        listings.MapGet("/{listingId:guid}/bids", async (Guid listingId, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListListingBids(listingId), http.RequestAborted)))
            .Query("ListListingBids", "An auction's bids, oldest first: all to the centre and the seller, its own to a buyer.");

        listings.MapGet("/{listingId:guid}/orders", async (Guid listingId, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListListingOrders(listingId), http.RequestAborted)))
            .Query("ListListingOrders", "A fixed-price listing's orders, oldest first: all to the centre and the seller, its own to a buyer.");

        listings.MapGet("/{listingId:guid}/deposits", async (Guid listingId, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListListingDeposits(listingId), http.RequestAborted)))
            .Query("ListListingDeposits", "A listing's deposits: all to the centre, its own to a buyer.");
    }
}
