using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Oversight.Commitments;

/// <summary>
/// The centre records that the promised reclamation passed acceptance, with the verified measures and the day: accepted
/// by the due date it closes the commitment; after it, or after the deduction, it is recorded as late and undoes nothing.
/// </summary>
public sealed record RecordCommitmentFulfilment(Guid CommitmentId, Measures Verified, DateOnly AcceptedOn, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class RecordCommitmentFulfilmentValidator : AbstractValidator<RecordCommitmentFulfilment>
{
    public RecordCommitmentFulfilmentValidator()
    {
        RuleFor(c => c.CommitmentId).NotEmpty();
        this.Amount(_ => QuotaKind.Replenishment, c => c.Verified);
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class RecordCommitmentFulfilmentHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<RecordCommitmentFulfilment, CommandResult>
{
    public async Task<CommandResult> Handle(RecordCommitmentFulfilment command, CancellationToken ct)
    {
        // Under the commitment's lock: the timed deduction of the same commitment waits for it, or it for the deduction.
        var commitment = await session.LockOneAsync<ReclamationCommitment>(command.CommitmentId,
            _ => access.RequireCentre(context.Actor, "record the fulfilment of reclamation commitments"), command.ExpectedVersion, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        session.Append(command.CommitmentId, commitment, commitment.State.Fulfil(command.Verified, command.AcceptedOn, today, command.Reason));
        return new CommandResult(command.CommitmentId, commitment.Version + 1);
    }
}
