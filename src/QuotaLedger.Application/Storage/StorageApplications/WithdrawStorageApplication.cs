using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

/// <summary>The applying county takes back its application while it is still pending.</summary>
public sealed record WithdrawStorageApplication(Guid ApplicationId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class WithdrawStorageApplicationValidator : AbstractValidator<WithdrawStorageApplication>
{
    public WithdrawStorageApplicationValidator() => RuleFor(c => c.Reason).Reason();
}

public sealed class WithdrawStorageApplicationHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<WithdrawStorageApplication, CommandResult>
{
    public async Task<CommandResult> Handle(WithdrawStorageApplication command, CancellationToken ct)
    {
        var application = await session.LockOneAsync<StorageApplication>(command.ApplicationId,
            a => access.RequireActOn<StorageApplication>(context.Actor, a.County), command.ExpectedVersion, ct);
        session.Append(application.State.Id, application, application.State.Withdraw(command.Reason));
        return new CommandResult(application.State.Id, application.Version + 1);
    }
}
