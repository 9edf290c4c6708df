using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Holders;

namespace QuotaLedger.Api.Ledger;

public sealed class HoldersEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var holders = api.MapGroup("/holders").WithTags("Holders");

        holders.MapGet("/{code}/balances", async (string code, DateTimeOffset? asOf, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new GetHolderBalances(code, asOf), http.RequestAborted)))
            .Query("GetHolderBalances",
                "A holder's quota per kind and bucket, with held = available + frozen + reserved; asOf gives the balances as they stood then.");

        holders.MapGet("/{code}/lots", async (string code, string? kind, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListHolderLots(code, kind, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListHolderLots", "The lots a holder holds, newest first, with their buckets and provenance; kind narrows to one kind.");

        holders.MapGet("/{code}/history",
                async (string code, DateTimeOffset? from, DateTimeOffset? to, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                    TypedResults.Ok(await mediator.Send(new GetHolderHistory(code, from, to, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("GetHolderHistory",
                "A holder's account statement, newest first: each bucket change with its event, actor, organisation, reason and time.");
    }
}
