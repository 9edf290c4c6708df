namespace QuotaLedger.EventStore;

/// <summary>An event as stored: its payload, its place in the stream and in the global order, and who caused it.</summary>
public sealed record RecordedEvent(
    long Sequence,
    Guid Id,
    Guid StreamId,
    string StreamType,
    long Version,
    string Type,
    object Data,
    EventMetadata Metadata);

/// <summary>Who did it, for which organisation, when, why, and which request it belongs to (R11).</summary>
public sealed record EventMetadata(
    string Actor,
    string Organisation,
    DateTimeOffset Timestamp,
    string? Reason,
    Guid CorrelationId,
    Guid? CausationId = null);
