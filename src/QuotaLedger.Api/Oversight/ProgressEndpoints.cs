using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Oversight.Progress;

namespace QuotaLedger.Api.Oversight;

public sealed class ProgressEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var oversight = api.MapGroup("/oversight").WithTags("Oversight");

        oversight.MapGet("/progress",
                async (string? period, string? kind, string? prefecture, DateTimeOffset? asOf, IMediator mediator, HttpContext http) =>
                    TypedResults.Ok(await mediator.Send(new GetPlanProgress(period!, kind, prefecture, asOf), http.RequestAborted)))
            .Query("GetPlanProgress",
                "R10: per prefecture and kind, the target for the period (2022, or 2021-2025 summing its years), issued quota net of reversed approvals, the percentage (not capped) and the counties behind it, with totals; as of asOf (now without it). The centre sees every prefecture, a prefecture its own, a county its prefecture's.");

        oversight.MapGet("/prefectures/{code}/overview",
                async (string code, string? period, DateTimeOffset? asOf, IMediator mediator, HttpContext http) =>
                    TypedResults.Ok(await mediator.Send(new GetPrefectureOverview(code, period!, asOf), http.RequestAborted)))
            .Query("GetPrefectureOverview",
                "A prefecture's own balances beside its counties' together and each county's, the lots holding quota, and its plan progress for the period, all as of asOf (now without it). For the prefecture and the centre.");
    }
}
