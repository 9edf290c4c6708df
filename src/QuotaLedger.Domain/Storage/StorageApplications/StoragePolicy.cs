using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Storage.StorageApplications;

/// <summary>
/// The centre sets by how much an acceptance's verified measures may exceed the project's planned ones (in percent of
/// each planned measure), from a date on.
/// </summary>
public sealed record VerificationToleranceSet(decimal Percent, DateOnly EffectiveFrom, string Reason) : IEventOf<StoragePolicy>;

/// <summary>One tolerance as set: the percentage and the first day it applies.</summary>
public sealed record VerificationTolerance(decimal Percent, DateOnly EffectiveFrom);

/// <summary>
/// The policy parameters of storage (入库) that the centre sets: data with effective dates, never constants in code
/// (domain brief §4). One stream for the region.
/// </summary>
/// <param name="VerificationTolerances">Every tolerance set, in order of effective date; of two with one date, the later set last.</param>
public sealed record StoragePolicy(IReadOnlyList<VerificationTolerance> VerificationTolerances) : IAggregate<StoragePolicy>
{
    /// <summary>The tolerance until the centre sets one.</summary>
    public const decimal DefaultVerificationTolerancePercent = 10m;

    public const decimal MaxVerificationTolerancePercent = 100m;

    public static readonly StoragePolicy Initial = new([]);

    public static string StreamType => "storage_policy";

    public static readonly Guid StreamId = StreamIds.Derived("storage-policy", RegionCatalog.RegionCode);

    public IReadOnlyCollection<string> Parties => [RegionCatalog.RegionCode];

    public static StoragePolicy? Evolve(StoragePolicy? state, IDomainEvent @event) => @event switch
    {
        VerificationToleranceSet e => new StoragePolicy(
            (state ?? Initial).VerificationTolerances.Append(new VerificationTolerance(e.Percent, e.EffectiveFrom))
            .OrderBy(t => t.EffectiveFrom).ToArray()),
        _ => state,
    };

    /// <summary>The tolerance in force on <paramref name="day"/>: the last set with an effective date on or before it.</summary>
    public decimal VerificationTolerancePercentOn(DateOnly day) =>
        VerificationTolerances.LastOrDefault(t => t.EffectiveFrom <= day)?.Percent ?? DefaultVerificationTolerancePercent;

    /// <summary>
    /// A tolerance applies from today or a later day, never from a past one: decisions already taken were made under the
    /// tolerance then in force, and the policy's history must keep saying so.
    /// </summary>
    public static VerificationToleranceSet SetVerificationTolerance(decimal percent, DateOnly effectiveFrom, DateOnly today, string reason)
    {
        if (percent is < 0 or > MaxVerificationTolerancePercent)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, $"A tolerance is 0 to {MaxVerificationTolerancePercent} percent.");
        if (effectiveFrom < today)
            throw new RuleViolationException(Rule.RetroactivePolicy,
                $"The tolerance cannot apply from {effectiveFrom}, before today ({today}): decisions already taken used the one then in force.");
        return new VerificationToleranceSet(percent, effectiveFrom, reason);
    }
}
