using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Oversight.Commitments;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Api.Oversight;

public sealed class CommitmentsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var commitments = api.MapGroup("/oversight/commitments").WithTags("Oversight");

        commitments.MapPost("/", async (RecordReclamationCommitment command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/oversight/commitments/{result.Id}", result);
            })
            .Command("RecordReclamationCommitment",
                "承诺: a county (or the centre for it) records that it used mine-wasteland or linkage quota ahead of reclamation: the " +
                "replenishment measures it promises, the due date, and the link of its own or the consumption it backs (R8).");

        commitments.MapGet("/", async (string? holder, string? status, DateOnly? dueBefore, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListReclamationCommitments(holder, status, dueBefore, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListReclamationCommitments",
                "Reclamation commitments the user may see, newest first; holder narrows to a county or prefecture, status to pending, fulfilled " +
                "or defaulted, dueBefore to those due before a day.");

        commitments.MapGet("/{commitmentId:guid}", async (Guid commitmentId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetReclamationCommitment(commitmentId), http.RequestAborted)))
            .VersionedQuery("GetReclamationCommitment", "A reclamation commitment with its fulfilment or the deduction that settled it, and its history.");

        commitments.MapPost("/{commitmentId:guid}/fulfilment", async (Guid commitmentId, FulfilmentBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new RecordCommitmentFulfilment(commitmentId, body.Verified, body.AcceptedOn, body.Reason, EndpointResults.IfMatch(http)),
                    http.RequestAborted)))
            .Decision("RecordCommitmentFulfilment",
                "The centre records the acceptance of the promised reclamation, verifying at least the committed measures: accepted by the due date " +
                "it closes the commitment; accepted later, or recorded after the deduction, it is kept as late and deducts or gives back nothing.");

        api.MapGroup("/oversight/counties").WithTags("Oversight")
            .MapGet("/{county}/debt", async (string county, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetCountyQuotaDebt(county), http.RequestAborted)))
            .VersionedQuery("GetCountyQuotaDebt",
                "What the county owes for commitment deductions that neither it nor its prefecture could cover, debt by debt oldest first, " +
                "with the repayments its later storage approvals made.");
    }
}

/// <summary>The acceptance of a reclamation: the verified measures and the day.</summary>
public sealed record FulfilmentBody(Measures Verified, DateOnly AcceptedOn, string Reason);
