using Marten;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>Reads aggregates for queries, within what the user may see.</summary>
public sealed class DocumentReader(IDocumentStore store, AccessPolicy access)
{
    public async Task<ResourceView<T>> GetAsync<T>(Actor actor, Guid id, bool withHistory, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        await using var session = store.QuerySession();
        var loaded = (await AggregateDocuments.LoadManyAsync<T>(session, [id], ct)).GetValueOrDefault(id)
                     ?? throw new NotFoundException(LedgerSession.Describe<T>(), id);
        access.RequireSee(actor, loaded.State);
        return await ViewAsync(session, id, loaded, withHistory, ct);
    }

    /// <summary>An aggregate every user may read (a policy the centre sets), or null when its stream has no events yet.</summary>
    public async Task<ResourceView<T>?> GetPublicAsync<T>(Guid id, bool withHistory, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        await using var session = store.QuerySession();
        var loaded = (await AggregateDocuments.LoadManyAsync<T>(session, [id], ct)).GetValueOrDefault(id);
        return loaded is null ? null : await ViewAsync(session, id, loaded, withHistory, ct);
    }

    private static async Task<ResourceView<T>> ViewAsync<T>(IQuerySession session, Guid id, Loaded<T> loaded, bool withHistory, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        var history = withHistory
            ? (await session.Events.FetchStreamAsync(id, token: ct)).Select(e => HistoryEntry.From(RecordedEvent.From(e))).ToArray()
            : null;
        return new ResourceView<T>(loaded.State, loaded.Version, history);
    }

    /// <param name="filter">narrows the list further, e.g. to one status</param>
    public async Task<Page<ResourceView<T>>> ListAsync<T>(Actor actor, string? party, int limit, int offset, CancellationToken ct,
        System.Linq.Expressions.Expression<Func<AggregateDocument<T>, bool>>? filter = null)
        where T : class, IAggregate<T>
    {
        if (party is not null) access.RequireSee(actor, party);
        await using var session = store.QuerySession();
        var items = await AggregateDocuments.ListAsync(session, actor, party, limit, offset, ct, filter);
        return new Page<ResourceView<T>>(items.Select(i => new ResourceView<T>(i.State, i.Version)).ToArray(), limit, offset);
    }
}
