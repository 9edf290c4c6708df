using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Totals;

namespace QuotaLedger.Api.Ledger;

public sealed class LedgerEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var ledger = api.MapGroup("/ledger").WithTags("Ledger");

        ledger.MapGet("/totals", async (IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new GetLedgerTotals(), http.RequestAborted)))
            .Query("GetLedgerTotals",
                "Centre only: region-wide totals per kind and bucket (built asynchronously, with the projection's progress) and whether each measure balances.");
    }
}
