using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Corrections;

namespace QuotaLedger.Api.Ledger;

/// <summary>R11: mistakes are corrected by reversing events with a reason, never by editing or deleting history.</summary>
public sealed class CorrectionsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        api.MapPost("/deductions/{deductionId:guid}/reverse", async (Guid deductionId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ReverseDeduction(deductionId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .WithTags("Corrections")
            .Decision("ReverseDeduction", "The centre reverses a deduction imposed in error; the quota returns to available (R11).");

        api.MapPost("/links/{linkId:guid}/reverse-write-off", async (Guid linkId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ReverseWriteOff(linkId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .WithTags("Corrections")
            .Decision("ReverseWriteOff", "The centre reverses a write-off recorded in error; the consumed quota returns to available (R11).");
    }
}
