using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Trading.Deals;

namespace QuotaLedger.Api.Trading;

public sealed class DealsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var deals = api.MapGroup("/trading/deals").WithTags("Trading");

        deals.MapGet("/", async (string? holder, string? status, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListDeals(holder, status, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListDeals",
                "Deals the user may see, newest first: the centre all, a county those it sells in, a buyer its own; holder narrows to one seller or buyer, status to one status.");

        deals.MapGet("/{dealId:guid}", async (Guid dealId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetDeal(dealId), http.RequestAborted)))
            .VersionedQuery("GetDeal", "A deal with its history; another buyer's deal is refused (403).");

        deals.MapGet("/{dealId:guid}/confirmation", async (Guid dealId, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new GetDealConfirmation(dealId), http.RequestAborted)))
            .Query("GetDealConfirmation",
                "The deal confirmation (成交确认书): lots with provenance, quantities, unit price, price, deposit credited, amount due, deadlines and payments.");

        deals.MapGet("/{dealId:guid}/delivery", async (Guid dealId, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new GetDeliveryRecord(dealId), http.RequestAborted)))
            .Query("GetDeliveryRecord", "The delivery record of a delivered deal: the buyer's new lots with provenance; before delivery 409.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        deals.MapPost("/{dealId:guid}/payment-references", async (Guid dealId, PaymentBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new SubmitPaymentReference(dealId, body.BankReference, body.Amount, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("SubmitPaymentReference", "The buyer of the deal submits the bank reference and amount of a transfer it made.");

        deals.MapPost("/{dealId:guid}/payments", async (Guid dealId, PaymentBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ConfirmPayment(dealId, body.BankReference, body.Amount, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ConfirmPayment",
                "The centre confirms money received under a bank reference (the same reference again is one payment); the payment completing the amount due delivers the quota to the buyer.");

        deals.MapPost("/{dealId:guid}/default", async (Guid dealId, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(new DefaultDeal(dealId, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("DeclareDefault",
                "The centre declares a default once a payment deadline has passed unmet (the trading clock does it by itself): the deposit is " +
                "forfeited, the escrow goes back to the seller, the buyer is barred for the configured days. Before the deadline 422 invalid-schedule.");
    }
}

/// <summary>A payment: the bank's reference of the transfer and its amount in yuan, kept to the fen.</summary>
public sealed record PaymentBody(string BankReference, decimal Amount);
