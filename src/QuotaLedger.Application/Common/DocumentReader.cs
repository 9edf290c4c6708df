using Npgsql;
using QuotaLedger.Application.ReadModels;
using QuotaLedger.Domain;
using QuotaLedger.EventStore;

namespace QuotaLedger.Application.Common;

/// <summary>Reads aggregates for queries, within what the user may see.</summary>
public sealed class DocumentReader(NpgsqlDataSource dataSource, IEventStore store, DocumentStore documents, AccessPolicy access)
{
    public async Task<ResourceView<T>> GetAsync<T>(Actor actor, Guid id, bool withHistory, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        var view = await GetPublicAsync<T>(id, withHistory, ct) ?? throw new NotFoundException(LedgerSession.Describe<T>(), id);
        access.RequireSee(actor, view.Resource);
        return view;
    }

    /// <summary>An aggregate every user may read (a policy the centre sets), or null when its stream has no events yet.</summary>
    public async Task<ResourceView<T>?> GetPublicAsync<T>(Guid id, bool withHistory, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        await using var session = await store.OpenSessionAsync(ct);
        var loaded = (await documents.LoadManyAsync<T>(session.Connection, session.Transaction, [id], ct)).GetValueOrDefault(id);
        if (loaded is null) return null;
        var history = withHistory ? (await session.FetchStreamAsync(id, ct)).Select(HistoryEntry.From).ToArray() : null;
        return new ResourceView<T>(loaded.State, loaded.Version, history);
    }

    public async Task<Page<ResourceView<T>>> ListAsync<T>(Actor actor, string? party, int limit, int offset, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        if (party is not null) access.RequireSee(actor, party);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var items = await documents.ListAsync<T>(connection, actor, party, limit, offset, ct);
        return new Page<ResourceView<T>>(items.Select(i => new ResourceView<T>(i.State, i.Version)).ToArray(), limit, offset);
    }
}
