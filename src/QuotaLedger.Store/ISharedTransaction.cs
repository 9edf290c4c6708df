namespace QuotaLedger.Store;

/// <summary>
/// One PostgreSQL transaction that several commands share, one after another: each works in a session on a savepoint
/// of its own, whose <see cref="IEventSession.CommitAsync"/> keeps its work for the shared commit and whose disposal
/// without it rolls back that command's work alone. Nothing is visible to others before <see cref="CommitAsync"/>.
/// </summary>
public interface ISharedTransaction : IAsyncDisposable
{
    /// <summary>The next command's session; the one before it must have been disposed.</summary>
    Task<IEventSession> BeginCommandAsync(CancellationToken ct);

    /// <summary>Commits the work of every command whose session was committed; refuses when a rollback failed.</summary>
    Task CommitAsync(CancellationToken ct);
}
