using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;

namespace QuotaLedger.Application.Ledger.Transfers;

/// <summary>Whoever may approve a pending transfer may reject it, with a reason; the reserved quota is released.</summary>
public sealed record RejectTransfer(Guid TransferId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class RejectTransferValidator : AbstractValidator<RejectTransfer>
{
    public RejectTransferValidator()
    {
        RuleFor(c => c.TransferId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class RejectTransferHandler(LotOperations operations, RequestContext context, AccessPolicy access)
    : IRequestHandler<RejectTransfer, CommandResult>
{
    public Task<CommandResult> Handle(RejectTransfer command, CancellationToken ct) =>
        operations.DecideAsync<Transfer>(command.TransferId, t => access.RequireDecideTransfer(context.Actor, t.From, t.To), command.ExpectedVersion,
            (transfer, lots) => transfer.Reject(lots, command.Reason), ct);
}
