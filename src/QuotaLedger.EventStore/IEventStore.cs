using Npgsql;

namespace QuotaLedger.EventStore;

/// <summary>The event store: one session per command or query, one PostgreSQL transaction per session.</summary>
public interface IEventStore
{
    Task<IEventSession> OpenSessionAsync(CancellationToken ct);
}

/// <summary>
/// A unit of work over the store. Appends are queued and written by <see cref="SaveChangesAsync"/>, with the inline
/// projections, in the session's transaction; nothing is visible to others before <see cref="CommitAsync"/>.
/// </summary>
public interface IEventSession : IAsyncDisposable
{
    /// <summary>The session's connection and transaction, for read models kept in the same transaction.</summary>
    NpgsqlConnection Connection { get; }
    NpgsqlTransaction Transaction { get; }

    /// <summary>
    /// Locks the named streams until the session ends (in id order, so two sessions never deadlock on them) and
    /// returns their versions; a stream that does not exist is left out.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, long>> LockStreamsAsync(IReadOnlyCollection<Guid> streamIds, CancellationToken ct);

    /// <summary>The stream's events in order, optionally only those recorded at or before <paramref name="asOf"/>.</summary>
    Task<IReadOnlyList<RecordedEvent>> FetchStreamAsync(Guid streamId, CancellationToken ct, DateTimeOffset? asOf = null);

    /// <summary>Queues events for a stream that must be at <paramref name="expectedVersion"/> (0: must not exist yet).</summary>
    void Append(Guid streamId, string streamType, long expectedVersion, params object[] events);

    /// <summary>Writes the queued events and runs the inline projections; throws <see cref="ConcurrencyException"/> on a lost race.</summary>
    Task<IReadOnlyList<RecordedEvent>> SaveChangesAsync(EventMetadata metadata, CancellationToken ct);

    Task CommitAsync(CancellationToken ct);
}

/// <summary>A read model updated in the same transaction as the events it is built from.</summary>
public interface IInlineProjection
{
    Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct);
}

/// <summary>A read model built behind the high-water mark by the <see cref="ProjectionDaemon"/>.</summary>
public interface IAsyncProjection
{
    string Name { get; }
    Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct);
}
