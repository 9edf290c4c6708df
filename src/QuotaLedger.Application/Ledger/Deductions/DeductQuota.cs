using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Ledger.Deductions;

/// <summary>
/// 扣减 (R8): reclamation promised by a date was not finished, so the centre deducts the promised amount from the
/// county's quota; what the county lacks is deducted from its prefecture.
/// </summary>
/// <param name="CommitmentId">
/// The reclamation commitment deducted for, when it was recorded (<see cref="ReclamationCommitment"/>): the deduction
/// settles it, so the timed job never deducts it again; it must be the county's, overdue and not yet settled.
/// </param>
public sealed record DeductQuota(
    string County,
    QuotaKind Kind,
    Measures Amount,
    string CommitmentReference,
    string Reason,
    Guid? CommitmentId = null) : ICommand<CommandResult>, IHasReason;

public sealed class DeductQuotaValidator : AbstractValidator<DeductQuota>
{
    public DeductQuotaValidator()
    {
        RuleFor(c => c.County).KnownCounty();
        RuleFor(c => c.CommitmentReference).NotEmpty().MaximumLength(Validation.MaxTextLength);
        this.Amount(c => c.Kind, c => c.Amount);
        RuleFor(c => c.Reason).Reason();
        RuleFor(c => c.CommitmentId).NotEqual(Guid.Empty);
    }
}

public sealed class DeductQuotaHandler(
    LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<DeductQuota, CommandResult>
{
    public async Task<CommandResult> Handle(DeductQuota command, CancellationToken ct)
    {
        access.RequireCentre(context.Actor, "deduct quota");
        var prefecture = regions.PrefectureOf(command.County)
                         ?? throw new InvalidOperationException($"County {command.County} has no prefecture.");
        // The commitment before the lots, as the timed job locks them: of the two, one settles it and the other is refused.
        var commitment = command.CommitmentId is { } commitmentId
            ? await session.LockOneAsync<ReclamationCommitment>(commitmentId, ct)
            : null;
        var id = Guid.CreateVersion7();
        var settled = commitment?.State.SettleByHand(id, command.County, command.Kind, command.Amount,
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), command.Reason);

        // The county's own quota first, then what moved in, then the prefecture's lots oldest first (Deduction.Impose);
        // both holders' lots are locked in one statement (in id order), so two deductions never deadlock on them.
        var locked = await lots.LockCoveringAsync(command.Kind, command.Amount,
            [new DrawFrom(command.County, OwnQuotaFirst: true), new DrawFrom(prefecture)], ct);
        var countyLots = locked.InOrder.Where(l => l.Holder == command.County).ToArray();
        var prefectureLots = locked.InOrder.Where(l => l.Holder == prefecture).ToArray();

        var (imposed, deducted) = Deduction.Impose(id, command.County, prefecture, command.Kind, command.Amount,
            command.CommitmentReference, countyLots, prefectureLots, command.Reason, command.CommitmentId);
        session.Start<Deduction>(id, imposed);
        session.AppendLots(locked.ById, deducted);
        if (commitment is not null) session.Append(commitment.State.Id, commitment, settled!);
        return new CommandResult(id, 1);
    }
}
