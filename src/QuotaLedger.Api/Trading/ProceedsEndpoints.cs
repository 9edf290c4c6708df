using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Trading.Proceeds;

namespace QuotaLedger.Api.Trading;

public sealed class ProceedsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        api.MapGet("/trading/proceeds", async (string? county, string? prefecture, DateOnly? from, DateOnly? to, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new GetProceedsStatement(county, prefecture, from, to), http.RequestAborted)))
            .WithTags("Trading")
            .Query("GetProceedsStatement",
                "Proceeds of delivered deals attributed to counties (P-2022 §二(三)2), delivered from..to (UTC days): a county's, a prefecture's counties' or the region's, with the sums.");
    }
}
