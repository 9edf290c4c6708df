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
    /// rolls back the command alone; without it, the command waits as long as the database lets it. With
    /// <paramref name="scope"/>, the command's writes may wait to be made in one batch with those of the commands of
    /// the group whose scopes it does not overlap; without it, they are made by its own save, and any that wait are
    /// made before it begins.
    /// </summary>
    Task<IEventSession> BeginCommandAsync(TimeSpan? lockWait, WriteScope? scope, CancellationToken ct);

    /// <summary>
    /// Commits the work of every command whose session was committed, their waiting writes made first; refuses when a
    /// rollback or a batch of waiting writes failed (<see cref="GroupWriteConflictException"/>: nothing is committed).
    /// </summary>
    Task CommitAsync(CancellationToken ct);

    /// <summary>The batches of waiting writes made so far: how many commands' writes each carried.</summary>
    IReadOnlyList<int> WriteBatches { get; }
}
