using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Transfers;

/// <summary>
/// A transfer in one step, by a user who may both send it and decide it: the centre for any move (pooling into 150000
/// included; out of 150000 four eyes still apply, so that takes the two steps), a prefecture between two of its own
/// counties. One request and one transaction, with the same events as a proposal and its approval.
/// </summary>
public sealed record TransferDirectly(
    string From,
    string To,
    QuotaKind Kind,
    Measures Amount,
    string Reason,
    IReadOnlyList<Guid>? LotIds = null) : ICommand<CommandResult>, IHasReason, INewTransfer;

public sealed class TransferDirectlyValidator : NewTransferValidator<TransferDirectly>;

public sealed class TransferDirectlyHandler(LedgerSession session, TransferDraws draws, RequestContext context, AccessPolicy access)
    : IRequestHandler<TransferDirectly, CommandResult>
{
    public async Task<CommandResult> Handle(TransferDirectly command, CancellationToken ct)
    {
        // Whoever may decide the transfer may make it: the prefecture moves quota between its counties as it approves it.
        access.RequireDecideTransfer(context.Actor, command.From, command.To);
        var (drawable, homeBalance) = await draws.LockAsync(command.From, command.To, command.Kind, command.Amount, command.LotIds, ct);

        var id = Guid.CreateVersion7();
        var (proposed, approved, lotEvents) = Transfer.ProposeAndApprove(id, command.From, command.To, command.Kind, command.Amount,
            drawable.InOrder, context.Actor, Guid.CreateVersion7, homeBalance);
        session.Start<Transfer>(id, proposed, approved);
        session.AppendLots(drawable.ById, lotEvents);
        return new CommandResult(id, 2);
    }
}
