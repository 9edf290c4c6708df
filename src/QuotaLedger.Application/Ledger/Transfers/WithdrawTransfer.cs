using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;

namespace QuotaLedger.Application.Ledger.Transfers;

/// <summary>The sending side takes back its pending transfer, with a reason; the reserved quota is released.</summary>
public sealed record WithdrawTransfer(Guid TransferId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class WithdrawTransferValidator : AbstractValidator<WithdrawTransfer>
{
    public WithdrawTransferValidator()
    {
        RuleFor(c => c.TransferId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class WithdrawTransferHandler(LotOperations operations, RequestContext context, AccessPolicy access)
    : IRequestHandler<WithdrawTransfer, CommandResult>
{
    public Task<CommandResult> Handle(WithdrawTransfer command, CancellationToken ct) =>
        operations.DecideAsync<Transfer>(command.TransferId, t => access.RequireActOn<Transfer>(context.Actor, t.From), command.ExpectedVersion,
            (transfer, lots) => transfer.Withdraw(lots, command.Reason), ct);
}
