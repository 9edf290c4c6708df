using System.Text.Json.Serialization;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Storage.Suspensions;

/// <param name="Cites">The record the suspension was decided on (the inspection campaign of R5); none for one by hand.</param>
public sealed record StorageApplicationsSuspended(string RegionCode, string Reason, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Citation? Cites = null)
    : IEventOf<StorageSuspension>;

/// <param name="Cites">The record applications resumed on (the re-check that confirmed rectification); none for one by hand.</param>
public sealed record StorageApplicationsResumed(string RegionCode, string Reason, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Citation? Cites = null)
    : IEventOf<StorageSuspension>;

/// <summary>R5: whether a prefecture's or county's new storage applications are suspended.</summary>
/// <param name="Cites">
/// The record the last suspension or resumption was decided on (an inspection campaign, a re-check); none for one by hand.
/// A re-check resumes only a suspension a campaign imposed: one by hand is lifted by hand.
/// </param>
public sealed record StorageSuspension([RegionCode] string RegionCode, bool Suspended, string? Reason, Citation? Cites = null) : IAggregate<StorageSuspension>
{
    public static string StreamType => "storage_suspension";

    public IReadOnlyCollection<string> Parties => [RegionCode];

    /// <summary>One stream per region code, with an id derived from the code.</summary>
    public static Guid StreamIdOf(string regionCode) => StreamIds.Derived("storage-suspension", regionCode);

    public static StorageSuspension? Evolve(StorageSuspension? state, IDomainEvent @event) => @event switch
    {
        StorageApplicationsSuspended e => new StorageSuspension(e.RegionCode, true, e.Reason, e.Cites),
        StorageApplicationsResumed e => new StorageSuspension(e.RegionCode, false, e.Reason, e.Cites),
        _ => state,
    };

    /// <param name="cites">The record the suspension is decided on (an inspection campaign), or none for one by hand.</param>
    public static StorageApplicationsSuspended Suspend(StorageSuspension? state, string regionCode, string reason, Citation? cites = null) =>
        state is { Suspended: true }
            ? throw new RuleViolationException(Rule.InvalidState, $"Storage applications of {regionCode} are already suspended.")
            : new StorageApplicationsSuspended(regionCode, reason, cites);

    /// <param name="cites">The record applications resume on (a re-check), or none for one by hand.</param>
    public static StorageApplicationsResumed Resume(StorageSuspension? state, string regionCode, string reason, Citation? cites = null) =>
        state is { Suspended: true }
            ? new StorageApplicationsResumed(regionCode, reason, cites)
            : throw new RuleViolationException(Rule.InvalidState, $"Storage applications of {regionCode} are not suspended.");
}
