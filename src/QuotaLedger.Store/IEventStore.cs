namespace QuotaLedger.Store;

/// <summary>The event store: sessions on a PostgreSQL transaction of their own, or on one that a group of commands shares.</summary>
public interface IEventStore
{
    Task<IEventSession> OpenSessionAsync(CancellationToken ct);

    /// <summary>A transaction for a group of <paramref name="commands"/> commands (group commit), each in a session of its own.</summary>
    Task<ISharedTransaction> BeginSharedTransactionAsync(int commands, CancellationToken ct);
}
