using JasperFx.Events.Projections;
using Marten;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Shared.Documents;

/// <summary>Reads the aggregates' documents (<see cref="AggregateDocument{T}"/>) through Marten.</summary>
public static class AggregateDocuments
{
    /// <summary>Keeps <typeparamref name="T"/>'s documents: its inline projection and its table (<c>mt_doc_&lt;stream type&gt;</c>).</summary>
    public static void Register<T>(StoreOptions opts, RegionCatalog regions) where T : class, IAggregate<T>
    {
        opts.Projections.Add(new AggregateProjection<T>(regions), ProjectionLifecycle.Inline);
        opts.Schema.For<AggregateDocument<T>>()
            .DocumentAlias(T.StreamType)
            .Duplicate(d => d.CreatedSequence, "bigint", notNull: true)
            .GinIndexJsonDataMember(d => d.Scope);
    }

    public static async Task<Dictionary<Guid, Loaded<T>>> LoadManyAsync<T>(IQuerySession session, IReadOnlyCollection<Guid> ids, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        var documents = await session.LoadManyAsync<AggregateDocument<T>>(ct, ids);
        return documents.ToDictionary(d => d.Id, d => new Loaded<T>(d.State, d.Version));
    }

    /// <summary>Documents of a type that the actor may see, newest first, optionally only those of one party.</summary>
    public static async Task<IReadOnlyList<Loaded<T>>> ListAsync<T>(
        IQuerySession session, Actor actor, string? party, int limit, int offset, CancellationToken ct,
        System.Linq.Expressions.Expression<Func<AggregateDocument<T>, bool>>? filter = null)
        where T : class, IAggregate<T>
    {
        var query = session.Query<AggregateDocument<T>>().AsQueryable();
        if (actor.Role != Role.Centre)
        {
            var organisation = actor.Organisation;
            query = query.Where(d => d.Scope.Contains(organisation));
        }
        if (party is not null) query = query.Where(d => d.Scope.Contains(party));
        if (filter is not null) query = query.Where(filter);
        var documents = await query.OrderByDescending(d => d.CreatedSequence).Skip(offset).Take(limit).ToListAsync(ct);
        return documents.Select(d => new Loaded<T>(d.State, d.Version)).ToArray();
    }
}
