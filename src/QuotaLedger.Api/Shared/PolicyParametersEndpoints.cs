using MediatR;
using QuotaLedger.Application.Shared.Policy;
using QuotaLedger.Domain.Shared.Policy;

namespace QuotaLedger.Api.Shared;

public sealed class PolicyParametersEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var parameters = api.MapGroup("/policy-parameters").WithTags("Policy");

        parameters.MapGet("/", async (DateOnly? day, IMediator mediator, HttpContext http) =>
            {
                var view = await mediator.Send(new GetPolicyParameters(day), http.RequestAborted);
                http.Response.Headers.ETag = EndpointResults.ETag(view.Version);
                return TypedResults.Ok(view);
            })
            .VersionedQuery("GetPolicyParameters",
                "The policy regime in force on a day (day, YYYY-MM-DD; today without it) and every regime with its date: the abandonment threshold and field sample of R5, the patrol's deadlines and the rules of consumption (R7). F-2023 and the 2025 national reform (NR-2025) are built in.");

        parameters.MapPost("/", async (PolicyParametersBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new SetPolicyParameters(body.Id, body.EffectiveFrom, body.Source, body.AbandonmentFreezePercent, body.FieldSamplePercent,
                        body.PatrolForwardDays, body.PatrolReportDays, body.Consumption, body.Reason, EndpointResults.IfMatch(http)),
                    http.RequestAborted)))
            .Decision("SetPolicyParameters",
                "The centre adds a policy regime under a new id, in force from a day on (today or later) until the next; decisions from then on record its id.");
    }
}

/// <summary>A policy regime: its id, the first day it applies, the document it comes from, its parameters, and why it is added.</summary>
public sealed record PolicyParametersBody(
    string Id,
    DateOnly EffectiveFrom,
    string Source,
    decimal AbandonmentFreezePercent,
    decimal FieldSamplePercent,
    int PatrolForwardDays,
    int PatrolReportDays,
    ConsumptionRules Consumption,
    string Reason);
