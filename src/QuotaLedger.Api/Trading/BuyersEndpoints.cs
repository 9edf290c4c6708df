using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Trading.Buyers;

namespace QuotaLedger.Api.Trading;

public sealed class BuyersEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var buyers = api.MapGroup("/trading/buyers").WithTags("Trading");

        buyers.MapPost("/", async (RegisterBuyer command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/trading/buyers/{result.Id}", result);
            })
            .Command("RegisterBuyer",
                "The centre registers a buyer of another province (GB/T 2260 code, not 150000): its id is the organisation of its users' buyer tokens.");

        buyers.MapPost("/{buyerId:guid}/suspend", async (Guid buyerId, BuyerRestrictionBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new SuspendBuyer(buyerId, body.Reason, body.Until, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("SuspendBuyer", "The centre suspends a buyer from trading, with a reason, until a later day or until reinstated.");

        buyers.MapPost("/{buyerId:guid}/bar", async (Guid buyerId, BuyerRestrictionBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new BarBuyer(buyerId, body.Reason, body.Until, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("BarBuyer", "The centre bars a buyer from trading, with a reason, until a later day or until reinstated.");

        buyers.MapPost("/{buyerId:guid}/reinstate", async (Guid buyerId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ReinstateBuyer(buyerId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ReinstateBuyer", "The centre lifts a buyer's suspension or bar that still applies, with a reason.");

        buyers.MapGet("/", async (int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListBuyers(limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListBuyers", "Registered buyers, newest first: the centre sees all, a buyer only itself.");

        buyers.MapGet("/{buyerId:guid}", async (Guid buyerId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetBuyer(buyerId), http.RequestAborted)))
            .VersionedQuery("GetBuyer", "A buyer with its history (the centre any, a buyer itself); its restriction, if any, with its end.");
    }
}

/// <summary>A suspension or bar: why, and the first day the buyer may trade again (none: until reinstated).</summary>
public sealed record BuyerRestrictionBody(string Reason, DateOnly? Until = null);
