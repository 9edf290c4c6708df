using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Application.Storage.Suspensions;

/// <summary>
/// R5: where abandoned new farmland reaches 10% of a prefecture's or county's replenishment quota, the centre suspends
/// that area's new storage applications (a prefecture's suspension covers its counties).
/// </summary>
public sealed record SuspendStorageApplications(string RegionCode, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class SuspendStorageApplicationsValidator : AbstractValidator<SuspendStorageApplications>
{
    public SuspendStorageApplicationsValidator()
    {
        RuleFor(c => c.RegionCode).PrefectureOrCounty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class SuspendStorageApplicationsHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<SuspendStorageApplications, CommandResult>
{
    public async Task<CommandResult> Handle(SuspendStorageApplications command, CancellationToken ct)
    {
        var id = StorageSuspension.StreamIdOf(command.RegionCode);
        var current = await session.LockOptionalAsync<StorageSuspension>(id,
            _ => access.RequireCentre(context.Actor, "suspend storage applications"), command.ExpectedVersion, ct);

        var suspended = StorageSuspension.Suspend(current?.State, command.RegionCode, command.Reason);
        return session.StartOrAppend(id, current, suspended);
    }
}

public static class SuspensionRules
{
    /// <summary>R5 suspends a prefecture's or a county's storage applications, never the region's.</summary>
    public static IRuleBuilderOptions<T, string> PrefectureOrCounty<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(code => RegionCatalog.InnerMongolia.Find(code)?.Level is RegionLevel.Prefecture or RegionLevel.County)
            .WithMessage("'{PropertyValue}' is not a prefecture or county code of Inner Mongolia (GB/T 2260).");
}
