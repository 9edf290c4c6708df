namespace QuotaLedger.Store;

/// <summary>The event store: one session per command or query, one PostgreSQL transaction per session.</summary>
public interface IEventStore
{
    Task<IEventSession> OpenSessionAsync(CancellationToken ct);
}
