using JasperFx.Events;
using Marten.Events.Aggregation;
using QuotaLedger.Domain;

namespace QuotaLedger.Application.ReadModels;

/// <summary>
/// An aggregate's current state as Marten stores it, with what the queries need around it: the stream version (the
/// ETag), the codes of the holders it concerns and their prefectures (so that a scoped list is one indexed query),
/// and the sequence of its first event (lists are newest first).
/// </summary>
/// <remarks>
/// An envelope rather than the aggregate itself, so that the domain's records stay free of storage concerns.
/// </remarks>
public sealed record AggregateDocument<T>(Guid Id, long Version, T State, string[] Scope, long CreatedSequence)
    where T : class, IAggregate<T>;

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
