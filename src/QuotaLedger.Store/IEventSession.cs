using Marten;
using Npgsql;

namespace QuotaLedger.Store;

/// <summary>
/// A unit of work over the store: Marten's session on a PostgreSQL transaction, so that the command's own SQL (locking,
/// idempotency), Marten's events and documents, and the inline projections commit together. The transaction is the
/// session's own, or one shared by a group of commands (<see cref="ISharedTransaction"/>), where the session is one
/// command's savepoint. Appends are queued and written by <see cref="SaveChangesAsync"/>; nothing is visible to others
/// before the transaction commits. Disposing a session that was not committed undoes its work.
/// </summary>
public interface IEventSession : IAsyncDisposable
{
    NpgsqlConnection Connection { get; }
    NpgsqlTransaction Transaction { get; }

    /// <summary>Marten's session on the same transaction, for documents and queries.</summary>
    IDocumentSession Documents { get; }

    /// <summary>
    /// Locks the named streams until the session ends (in id order, so two sessions never deadlock on them) and
    /// returns their versions; a stream that does not exist is left out.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, long>> LockStreamsAsync(IReadOnlyCollection<Guid> streamIds, CancellationToken ct);

    /// <summary>The stream's events in order, optionally only those recorded at or before <paramref name="asOf"/>.</summary>
    Task<IReadOnlyList<RecordedEvent>> FetchStreamAsync(Guid streamId, CancellationToken ct, DateTimeOffset? asOf = null);

    /// <summary>
    /// Queues events for a stream of <paramref name="aggregateType"/> that must be at <paramref name="expectedVersion"/>
    /// (0: must not exist yet).
    /// </summary>
    void Append(Guid streamId, Type aggregateType, long expectedVersion, params object[] events);

    /// <summary>
    /// Writes the queued events with their metadata and runs the inline projections; throws
    /// <see cref="ConcurrencyException"/> on a lost race.
    /// </summary>
    Task SaveChangesAsync(EventMetadata metadata, CancellationToken ct);

    /// <summary>Commits the session's own transaction, or keeps its work for the commit of the shared one.</summary>
    Task CommitAsync(CancellationToken ct);
}
