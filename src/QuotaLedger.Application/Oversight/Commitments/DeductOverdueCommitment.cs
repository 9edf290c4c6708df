using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Oversight.Commitments;

/// <summary>
/// R8, timed (<see cref="OverdueCommitments"/>): a commitment's due date has passed unfulfilled, so its amount is
/// deducted from the county's replenishment quota, what the county lacks from its prefecture's, and what both lack is
/// recorded as the county's debt. One transaction: the deduction, the lots' parts, the commitment's default and the
/// debt commit together or not at all, so a crash in the middle leaves the commitment pending for the next run.
/// Decided under the commitment's lock: of two instances sending it at once, one deducts and the other, waiting for
/// the lock, finds it settled and records nothing; so does one sent after a hand deduction cited it.
/// </summary>
public sealed record DeductOverdueCommitment(Guid CommitmentId) : ICommand<CommandResult>;

public sealed class DeductOverdueCommitmentValidator : AbstractValidator<DeductOverdueCommitment>
{
    public DeductOverdueCommitmentValidator() => RuleFor(c => c.CommitmentId).NotEmpty();
}

public sealed class DeductOverdueCommitmentHandler(
    LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<DeductOverdueCommitment, CommandResult>
{
    public async Task<CommandResult> Handle(DeductOverdueCommitment command, CancellationToken ct)
    {
        var commitment = await session.LockOneAsync<ReclamationCommitment>(command.CommitmentId,
            _ => access.RequireCentre(context.Actor, "deduct overdue reclamation commitments"), null, ct);
        var state = commitment.State;
        if (state.Status != CommitmentStatus.Pending) return new CommandResult(state.Id, commitment.Version);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        state.RequireDeductible(today);

        // Locked after the commitment, in the order DeductQuota locks them too: the county's lots and its prefecture's
        // (in one statement), then the county's debt.
        var locked = await lots.LockCoveringAsync(QuotaKind.Replenishment, state.Amount,
            [new DrawFrom(state.County, OwnQuotaFirst: true), new DrawFrom(state.Prefecture)], ct);
        var debtId = CountyQuotaDebt.StreamIdOf(state.County);
        var debt = (await session.LockAsync<CountyQuotaDebt>([debtId], ct)).GetValueOrDefault(debtId);

        var reason = $"R8: reclamation committed by {state.County} for {state.DueOn:yyyy-MM-dd} was not accepted by then";
        var deductionId = Guid.CreateVersion7();
        var (imposed, deducted) = Deduction.ImposeForCommitment(deductionId, state.Id, state.County, state.Prefecture, state.Amount,
            locked.InOrder.Where(l => l.Holder == state.County).ToArray(), locked.InOrder.Where(l => l.Holder == state.Prefecture).ToArray(), reason);
        var owed = imposed.Debt ?? Measures.Zero;
        session.Start<Deduction>(deductionId, imposed);
        session.AppendLots(locked.ById, deducted);
        session.Append(state.Id, commitment, state.Default(deductionId, state.Amount - owed, owed, today, reason));
        if (!owed.IsZero)
            session.StartOrAppend(debtId, debt, CountyQuotaDebt.Incur(state.County, deductionId, state.Id, state.DueOn, owed));
        return new CommandResult(state.Id, commitment.Version + 1);
    }
}
