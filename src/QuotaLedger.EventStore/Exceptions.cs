namespace QuotaLedger.EventStore;

/// <summary>Another writer appended to the stream first; the caller's decision was made on stale state.</summary>
public sealed class ConcurrencyException(Guid streamId, long expectedVersion, Exception? inner = null)
    : Exception($"Stream {streamId} is no longer at version {expectedVersion}.", inner)
{
    public Guid StreamId { get; } = streamId;
    public long ExpectedVersion { get; } = expectedVersion;
}

/// <summary>The database could not be reached or went away mid-command; the command had no effect.</summary>
public sealed class StoreUnavailableException(Exception inner)
    : Exception("The event store is unavailable.", inner);
