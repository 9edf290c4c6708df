using FluentValidation;
using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Transfers;

namespace QuotaLedger.Application.Transfers;

/// <summary>The sending side takes back its pending transfer, with a reason; the reserved quota is released.</summary>
public sealed record WithdrawTransfer(Guid TransferId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason, IHasExpectedVersion;

public sealed class WithdrawTransferValidator : AbstractValidator<WithdrawTransfer>
{
    public WithdrawTransferValidator()
    {
        RuleFor(c => c.TransferId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class WithdrawTransferHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<WithdrawTransfer, CommandResult>
{
    public async Task<CommandResult> Handle(WithdrawTransfer command, CancellationToken ct)
    {
        var transfer = await session.LockOneAsync<Transfer>(command.TransferId,
            t => access.RequireActOn<Transfer>(context.Actor, t.From), command.ExpectedVersion, ct);
        var reserved = await lots.LockAsync(transfer.State.LotIds.ToArray(), ct);

        var (withdrawn, released) = transfer.State.Withdraw(reserved.States, command.Reason!);
        session.Append(transfer.State.Id, transfer, withdrawn);
        session.AppendLots(reserved.ById, released);
        return new CommandResult(transfer.State.Id, transfer.Version + 1);
    }
}
