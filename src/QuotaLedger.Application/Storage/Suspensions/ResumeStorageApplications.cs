using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Application.Storage.Suspensions;

/// <summary>R5: once rectification is confirmed the centre lets the area file storage applications again.</summary>
public sealed record ResumeStorageApplications(string RegionCode, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class ResumeStorageApplicationsValidator : AbstractValidator<ResumeStorageApplications>
{
    public ResumeStorageApplicationsValidator()
    {
        RuleFor(c => c.RegionCode).PrefectureOrCounty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class ResumeStorageApplicationsHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<ResumeStorageApplications, CommandResult>
{
    public async Task<CommandResult> Handle(ResumeStorageApplications command, CancellationToken ct)
    {
        var id = StorageSuspension.StreamIdOf(command.RegionCode);
        var current = await session.LockOptionalAsync<StorageSuspension>(id,
            _ => access.RequireCentre(context.Actor, "resume storage applications"), command.ExpectedVersion, ct);

        var resumed = StorageSuspension.Resume(current?.State, command.RegionCode, command.Reason);
        // Resume refuses when nothing is suspended, so the stream exists here.
        session.Append(id, current!, resumed);
        return new CommandResult(id, current!.Version + 1);
    }
}
