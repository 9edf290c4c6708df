using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Oversight.PlanTargets;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Api.Oversight;

public sealed class PlanTargetsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var targets = api.MapGroup("/oversight/plan-targets").WithTags("Oversight");

        targets.MapGet("/", async (DateTimeOffset? asOf, IMediator mediator, HttpContext http) =>
            {
                var view = await mediator.Send(new GetPlanTargets(asOf), http.RequestAborted);
                http.Response.Headers.ETag = EndpointResults.ETag(view.Version);
                return TypedResults.Ok(view);
            })
            .VersionedQuery("GetPlanTargets",
                "R10: every plan target (P-2022 annexes 2 and 3, and what the centre added and amended) with the amount in force at asOf (now without it) and every amount it took.");

        targets.MapPost("/", async (PlanTargetBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new AddPlanTarget(body.Kind, body.Prefecture, body.Period, body.Unit, body.Amount, body.EffectiveFrom, body.Reason,
                        EndpointResults.IfMatch(http)),
                    http.RequestAborted)))
            .Decision("AddPlanTarget",
                "The centre sets a prefecture's target of a kind for a period that has none (a year such as 2026, a span such as 2026-2030), in mu, from a day on (today or later).");

        targets.MapPost("/amendments", async (PlanTargetBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new AmendPlanTarget(body.Kind, body.Prefecture, body.Period, body.Unit, body.Amount, body.EffectiveFrom, body.Reason,
                        EndpointResults.IfMatch(http)),
                    http.RequestAborted)))
            .Decision("AmendPlanTarget",
                "The centre amends a target from a day on (today or later; 0 withdraws it): an event, so reports as of an earlier moment keep the earlier amount.");
    }
}

/// <summary>A target: kind, prefecture, period (2022 or 2021-2025), unit (mu), amount, the first day it applies, and why.</summary>
public sealed record PlanTargetBody(
    QuotaKind Kind, string Prefecture, string Period, string Unit, decimal Amount, DateOnly EffectiveFrom, string Reason);
