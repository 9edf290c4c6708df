using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Transfers;

/// <summary>
/// 调剂 or 统筹: a holder proposes to move quota to another; the amount is reserved on its lots until the transfer is
/// decided. The centre proposing from a county into the region account 150000 is how quota is pooled. Quota brought into a
/// prefecture from outside it while the prefecture and its counties together have the amount available is flagged to
/// the approver (R6, balance first at home), not refused.
/// </summary>
public sealed record ProposeTransfer(
    string From,
    string To,
    QuotaKind Kind,
    Measures Amount,
    string Reason,
    IReadOnlyList<Guid>? LotIds = null) : ICommand<CommandResult>, IHasReason, INewTransfer;

/// <summary>A new transfer, proposed (<see cref="ProposeTransfer"/>) or proposed and decided at once (<see cref="TransferDirectly"/>).</summary>
public interface INewTransfer : ILedgerScoped
{
    string From { get; }
    string To { get; }
    QuotaKind Kind { get; }
    Measures Amount { get; }
    string Reason { get; }
    IReadOnlyList<Guid>? LotIds { get; }

    /// <summary>The sender's lots, the receiver's new ones, and the receiver's home balances (R6).</summary>
    IEnumerable<string> ILedgerScoped.ScopeHolders => [From, To];
}

/// <summary>The rules of a new transfer's fields, whichever way it is made.</summary>
public abstract class NewTransferValidator<T> : AbstractValidator<T> where T : INewTransfer
{
    protected NewTransferValidator()
    {
        RuleFor(c => c.From).KnownHolder();
        RuleFor(c => c.To).KnownHolder().NotEqual(c => c.From).WithMessage("A transfer needs two different holders (R2).");
        this.Amount(c => c.Kind, c => c.Amount);
        RuleFor(c => c.Reason).Reason();
        RuleForEach(c => c.LotIds).NotEmpty();
        RuleFor(c => c.LotIds).Must(ids => ids!.Distinct().Count() == ids!.Count).When(c => c.LotIds is not null)
            .WithMessage("Each lot may be named only once.");
    }
}

public sealed class ProposeTransferValidator : NewTransferValidator<ProposeTransfer>;

public sealed class ProposeTransferHandler(LedgerSession session, TransferDraws draws, RequestContext context, AccessPolicy access)
    : IRequestHandler<ProposeTransfer, CommandResult>
{
    public async Task<CommandResult> Handle(ProposeTransfer command, CancellationToken ct)
    {
        access.RequireActFor(context.Actor, command.From);
        var (drawable, homeBalance) = await draws.LockAsync(command.From, command.To, command.Kind, command.Amount, command.LotIds, ct);

        var id = Guid.CreateVersion7();
        var (proposed, reserved) = Transfer.Propose(id, command.From, command.To, command.Kind, command.Amount, drawable.InOrder,
            context.Actor, homeBalance);
        session.Start<Transfer>(id, proposed);
        session.AppendLots(drawable.ById, reserved);
        return new CommandResult(id, 1);
    }
}
