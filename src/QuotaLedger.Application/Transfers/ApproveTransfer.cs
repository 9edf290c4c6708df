using FluentValidation;
using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Transfers;

namespace QuotaLedger.Application.Transfers;

/// <summary>
/// The centre (or, between its own counties, the prefecture) approves a pending transfer: each reserved share moves into
/// a new lot of the receiver that keeps its provenance. Out of the region account a second centre user must approve.
/// </summary>
public sealed record ApproveTransfer(Guid TransferId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason, IHasExpectedVersion;

public sealed class ApproveTransferValidator : AbstractValidator<ApproveTransfer>
{
    public ApproveTransferValidator()
    {
        RuleFor(c => c.TransferId).NotEmpty();
        RuleFor(c => c.Reason).MaximumLength(Validation.MaxTextLength);
    }
}

public sealed class ApproveTransferHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<ApproveTransfer, CommandResult>
{
    public async Task<CommandResult> Handle(ApproveTransfer command, CancellationToken ct)
    {
        var transfer = await session.LockOneAsync<Transfer>(command.TransferId,
            t => access.RequireDecideTransfer(context.Actor, t.From, t.To), command.ExpectedVersion, ct);
        var reserved = await lots.LockAsync(transfer.State.LotIds.ToArray(), ct);

        var (approved, lotEvents) = transfer.State.Approve(context.Actor, reserved.States, Guid.CreateVersion7);
        session.Append(transfer.State.Id, transfer, approved);
        session.AppendLots(reserved.ById, lotEvents);
        return new CommandResult(transfer.State.Id, transfer.Version + 1);
    }
}
