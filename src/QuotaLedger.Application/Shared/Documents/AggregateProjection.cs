using JasperFx.Events;
using Marten.Events.Aggregation;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Shared.Documents;

/// <summary>
/// Marten's inline single-stream projection of an aggregate, folded with the domain's own <c>Evolve</c> in the
/// transaction that appends the events.
/// </summary>
public sealed class AggregateProjection<T> : SingleStreamProjection<AggregateDocument<T>, Guid>
    where T : class, IAggregate<T>
{
    private readonly RegionCatalog regions;

    public AggregateProjection(RegionCatalog regions)
    {
        this.regions = regions;
        Name = T.StreamType;
        // Only its own stream's events: otherwise Marten would look for this document on every stream appended to.
        foreach (var type in EventTypes) IncludeType(type);
    }

    public static IEnumerable<Type> EventTypes =>
        typeof(T).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IEventOf<T>).IsAssignableFrom(t));

    public override AggregateDocument<T>? Evolve(AggregateDocument<T>? snapshot, Guid id, IEvent e)
    {
        var state = T.Evolve(snapshot?.State, (IDomainEvent)e.Data);
        return state is null ? null : new AggregateDocument<T>(id, e.Version, state, ScopeOf(state.Parties), snapshot?.CreatedSequence ?? e.Sequence);
    }

    /// <summary>The codes that may see a document: its parties and the prefectures above them (the centre sees all).</summary>
    private string[] ScopeOf(IEnumerable<string> parties) =>
        parties.SelectMany(p => new[] { p, regions.PrefectureOf(p) }).OfType<string>().Distinct().ToArray();
}
