namespace QuotaLedger.Store;

/// <summary>Another writer appended to the stream first; the caller's decision was made on stale state.</summary>
public sealed class ConcurrencyException(Guid streamId, long expectedVersion, Exception? inner = null)
    : Exception($"Stream {streamId} is no longer at version {expectedVersion}.", inner)
{
    public Guid StreamId { get; } = streamId;
    public long ExpectedVersion { get; } = expectedVersion;
}
