namespace QuotaLedger.Store;

/// <summary>
/// One PostgreSQL transaction that several commands share, one after another: each works in a session on a savepoint
/// of its own, whose <see cref="IEventSession.CommitAsync"/> keeps its work for the shared commit and whose disposal
/// without it rolls back that command's work alone. Nothing is visible to others before <see cref="CommitAsync"/>.
/// </summary>
public interface ISharedTransaction : IAsyncDisposable
{
    /// <summary>
    /// The next command's session; the one before it must have been disposed. With <paramref name="lockWait"/>, a
    /// statement of the command that waits longer than that for a lock fails with 55P03 (lock_not_available), which
    /// rolls back the command alone; without it, the command waits as long as the database lets it.
    /// </summary>
    Task<IEventSession> BeginCommandAsync(TimeSpan? lockWait, CancellationToken ct);

    /// <summary>Commits the work of every command whose session was committed; refuses when a rollback failed.</summary>
    Task CommitAsync(CancellationToken ct);
}
