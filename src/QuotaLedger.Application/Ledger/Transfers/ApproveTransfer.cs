using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;

namespace QuotaLedger.Application.Ledger.Transfers;

/// <summary>
/// The centre (or, between its own counties, the prefecture) approves a pending transfer: each reserved share moves into
/// a new lot of the receiver that keeps its provenance. Out of the region account a second centre user must approve.
/// </summary>
public sealed record ApproveTransfer(Guid TransferId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class ApproveTransferValidator : AbstractValidator<ApproveTransfer>
{
    public ApproveTransferValidator()
    {
        RuleFor(c => c.TransferId).NotEmpty();
        RuleFor(c => c.Reason).MaximumLength(Validation.MaxTextLength);
    }
}

public sealed class ApproveTransferHandler(LotOperations operations, RequestContext context, AccessPolicy access)
    : IRequestHandler<ApproveTransfer, CommandResult>
{
    public Task<CommandResult> Handle(ApproveTransfer command, CancellationToken ct) =>
        operations.DecideAsync<Transfer>(command.TransferId, t => access.RequireDecideTransfer(context.Actor, t.From, t.To), command.ExpectedVersion,
            (transfer, lots) => transfer.Approve(context.Actor, lots, Guid.CreateVersion7), ct);
}
