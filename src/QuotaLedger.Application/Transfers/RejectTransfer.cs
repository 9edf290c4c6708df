using FluentValidation;
using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Transfers;

namespace QuotaLedger.Application.Transfers;

/// <summary>Whoever may approve a pending transfer may reject it, with a reason; the reserved quota is released.</summary>
public sealed record RejectTransfer(Guid TransferId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason, IHasExpectedVersion;

public sealed class RejectTransferValidator : AbstractValidator<RejectTransfer>
{
    public RejectTransferValidator()
    {
        RuleFor(c => c.TransferId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class RejectTransferHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<RejectTransfer, CommandResult>
{
    public async Task<CommandResult> Handle(RejectTransfer command, CancellationToken ct)
    {
        var transfer = await session.LockOneAsync<Transfer>(command.TransferId,
            t => access.RequireDecideTransfer(context.Actor, t.From, t.To), command.ExpectedVersion, ct);
        var reserved = await lots.LockAsync(transfer.State.LotIds.ToArray(), ct);

        var (rejected, released) = transfer.State.Reject(reserved.States, command.Reason!);
        session.Append(transfer.State.Id, transfer, rejected);
        session.AppendLots(reserved.ById, released);
        return new CommandResult(transfer.State.Id, transfer.Version + 1);
    }
}
