using Marten;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Shared.Documents;

/// <summary>Reads the aggregates' documents (<see cref="AggregateDocument{T}"/>) through Marten.</summary>
public static class AggregateDocuments
{
    public static async Task<Dictionary<Guid, Loaded<T>>> LoadManyAsync<T>(IQuerySession session, IReadOnlyCollection<Guid> ids, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        var documents = await session.LoadManyAsync<AggregateDocument<T>>(ct, ids);
        return documents.ToDictionary(d => d.Id, d => new Loaded<T>(d.State, d.Version));
    }

    /// <summary>Documents of a type that the actor may see, newest first, optionally only those of one party.</summary>
    public static async Task<IReadOnlyList<Loaded<T>>> ListAsync<T>(
        IQuerySession session, Actor actor, string? party, int limit, int offset, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        var query = session.Query<AggregateDocument<T>>().AsQueryable();
        if (actor.Role != Role.Centre)
        {
            var organisation = actor.Organisation;
            query = query.Where(d => d.Scope.Contains(organisation));
        }
        if (party is not null) query = query.Where(d => d.Scope.Contains(party));
        var documents = await query.OrderByDescending(d => d.CreatedSequence).Skip(offset).Take(limit).ToListAsync(ct);
        return documents.Select(d => new Loaded<T>(d.State, d.Version)).ToArray();
    }
}
