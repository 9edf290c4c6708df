using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Freezes;

/// <summary>
/// 冻结 (R5): the centre freezes quota so that it cannot move or be used: with a lot named, the amount given of that lot
/// (or all it has available); without, everything the holder has available of the kind.
/// </summary>
public sealed record FreezeQuota(
    string Holder,
    QuotaKind Kind,
    string Reason,
    Guid? LotId = null,
    Measures? Amount = null) : ICommand<CommandResult>, IHasReason;

public sealed class FreezeQuotaValidator : AbstractValidator<FreezeQuota>
{
    public FreezeQuotaValidator()
    {
        RuleFor(c => c.Holder).KnownHolder();
        RuleFor(c => c.Reason).Reason();
        RuleFor(c => c.LotId).NotEqual(Guid.Empty).When(c => c.LotId is not null);
        RuleFor(c => c.Amount).Null().When(c => c.LotId is null)
            .WithMessage("An amount can only be frozen on a named lot; without lotId all the holder's available quota of the kind is frozen.");
        this.Amount(c => c.Kind, c => c.Amount).When(c => c.LotId is not null);
    }
}

public sealed class FreezeQuotaHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<FreezeQuota, CommandResult>
{
    public async Task<CommandResult> Handle(FreezeQuota command, CancellationToken ct)
    {
        access.RequireCentre(context.Actor, "freeze quota");
        var id = Guid.CreateVersion7();
        var locked = command.LotId is { } lotId
            ? await lots.LockAsync([lotId], ct)
            : await lots.LockAllDrawableAsync([command.Holder], command.Kind, ct);

        var (imposed, frozen) = command.LotId is null
            ? Freeze.ImposeOnHolder(id, command.Holder, command.Kind, locked.InOrder, command.Reason)
            : Freeze.ImposeOnLot(id, RequireHeld(locked.InOrder[0], command), command.Amount, command.Reason);
        session.Start<Freeze>(id, imposed);
        session.AppendLots(locked.ById, frozen);
        return new CommandResult(id, 1);
    }

    /// <summary>The named lot must be quota of the holder and kind the request names, with something left to freeze.</summary>
    private static Lot RequireHeld(Lot lot, FreezeQuota command)
    {
        if (lot.Holder != command.Holder || lot.Kind != command.Kind)
            throw new RuleViolationException(Rule.KindMismatch,
                $"Lot {lot.Id} is {Spelling.Of(lot.Kind)} quota of {lot.Holder}, not {Spelling.Of(command.Kind)} quota of {command.Holder}.");
        if (command.Amount is null && lot.Available.IsZero)
            throw new RuleViolationException(Rule.InsufficientQuota, $"Lot {lot.Id} has no available quota to freeze.");
        return lot;
    }
}
