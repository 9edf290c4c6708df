using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

public sealed record RejectStorageApplication(Guid ApplicationId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class RejectStorageApplicationValidator : AbstractValidator<RejectStorageApplication>
{
    public RejectStorageApplicationValidator() => RuleFor(c => c.Reason).Reason();
}

public sealed class RejectStorageApplicationHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<RejectStorageApplication, CommandResult>
{
    public async Task<CommandResult> Handle(RejectStorageApplication command, CancellationToken ct)
    {
        var application = await session.LockOneAsync<StorageApplication>(command.ApplicationId,
            _ => access.RequireCentre(context.Actor, "reject storage applications"), command.ExpectedVersion, ct);
        session.Append(application.State.Id, application, application.State.Reject(command.Reason));
        return new CommandResult(application.State.Id, application.Version + 1);
    }
}
