using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

/// <summary>
/// R11: a storage approval given in error is reversed and the lot it issued withdrawn; refused (409) once any of the
/// lot's quota was frozen, linked, moved or otherwise used.
/// </summary>
public sealed record ReverseStorageApproval(Guid ApplicationId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class ReverseStorageApprovalValidator : AbstractValidator<ReverseStorageApproval>
{
    public ReverseStorageApprovalValidator()
    {
        RuleFor(c => c.ApplicationId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class ReverseStorageApprovalHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<ReverseStorageApproval, CommandResult>
{
    public async Task<CommandResult> Handle(ReverseStorageApproval command, CancellationToken ct)
    {
        var application = await session.LockOneAsync<StorageApplication>(command.ApplicationId,
            _ => access.RequireCentre(context.Actor, "reverse storage approvals"), command.ExpectedVersion, ct);
        var reversed = application.State.ReverseApproval(command.Reason);
        var locked = await lots.LockAsync([reversed.LotId], ct);

        var withdrawn = locked.InOrder[0].ReverseIssuance();
        session.Append(application.State.Id, application, reversed);
        session.AppendLots(locked.ById, [withdrawn]);
        return new CommandResult(application.State.Id, application.Version + 1);
    }
}
