using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Oversight.HomeBalance;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Api.Oversight;

public sealed class HomeBalanceEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        api.MapGet("/oversight/home-balance", async (string? county, string? prefecture, QuotaKind? kind, int? year, DateOnly? from,
                    DateOnly? to, DateTimeOffset? asOf, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(
                    new GetHomeBalance(county, prefecture, kind ?? QuotaKind.Replenishment, year, from, to, asOf), http.RequestAborted)))
            .WithTags("Oversight")
            .Query("GetHomeBalance",
                "R6, balance first at home: each county's consumption (write-offs net of reversals) of a kind (replenishment without kind) met from its own quota, its prefecture's, the region's pool and other prefectures', in a year or from..to (UTC days), as of asOf: a county's, a prefecture's counties' or the region's.");
    }
}
