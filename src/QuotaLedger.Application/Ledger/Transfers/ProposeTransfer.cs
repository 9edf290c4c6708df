using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Transfers;

/// <summary>
/// 调剂 or 统筹: a holder proposes to move quota to another; the amount is reserved on its lots until the transfer is
/// decided. The centre proposing from a county into the region account 150000 is how quota is pooled.
/// </summary>
public sealed record ProposeTransfer(
    string From,
    string To,
    QuotaKind Kind,
    Measures Amount,
    string Reason,
    IReadOnlyList<Guid>? LotIds = null) : ICommand<CommandResult>, IHasReason;

public sealed class ProposeTransferValidator : AbstractValidator<ProposeTransfer>
{
    public ProposeTransferValidator()
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

public sealed class ProposeTransferHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<ProposeTransfer, CommandResult>
{
    public async Task<CommandResult> Handle(ProposeTransfer command, CancellationToken ct)
    {
        access.RequireActFor(context.Actor, command.From);
        // Without lots named, a transfer draws on the sender's lots oldest first (Transfer.Propose).
        var drawable = command.LotIds is { Count: > 0 } named
            ? await lots.LockAsync(named, ct)
            : await lots.LockCoveringAsync(command.Kind, command.Amount, [new DrawFrom(command.From)], ct);

        var id = Guid.CreateVersion7();
        var (proposed, reserved) = Transfer.Propose(id, command.From, command.To, command.Kind, command.Amount, drawable.InOrder,
            context.Actor);
        session.Start<Transfer>(id, proposed);
        session.AppendLots(drawable.ById, reserved);
        return new CommandResult(id, 1);
    }
}
