using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

/// <summary>
/// The centre sets by how much verified measures may exceed the planned ones (R4), from a date on: today or later,
/// never retroactively.
/// </summary>
public sealed record SetVerificationTolerance(decimal Percent, DateOnly EffectiveFrom, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class SetVerificationToleranceValidator : AbstractValidator<SetVerificationTolerance>
{
    public const int PercentDecimals = 2;

    public SetVerificationToleranceValidator()
    {
        RuleFor(c => c.Percent).InclusiveBetween(0, StoragePolicy.MaxVerificationTolerancePercent)
            .WithMessage($"A tolerance is 0 to {StoragePolicy.MaxVerificationTolerancePercent} percent of each planned measure.")
            .Must(p => Quantities.HasAtMostDecimals(p, PercentDecimals))
            .WithMessage($"A tolerance is kept to {PercentDecimals} decimal places; more are refused, not rounded.");
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class SetVerificationToleranceHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<SetVerificationTolerance, CommandResult>
{
    public async Task<CommandResult> Handle(SetVerificationTolerance command, CancellationToken ct)
    {
        var id = StoragePolicy.StreamId;
        var current = await session.LockOptionalAsync<StoragePolicy>(id,
            _ => access.RequireCentre(context.Actor, "set the verification tolerance"), command.ExpectedVersion, ct);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var set = StoragePolicy.SetVerificationTolerance(command.Percent, command.EffectiveFrom, today, command.Reason);
        return session.StartOrAppend(id, current, set);
    }
}
