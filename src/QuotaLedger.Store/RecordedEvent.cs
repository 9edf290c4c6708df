using JasperFx.Events;

namespace QuotaLedger.Store;

/// <summary>An event as stored: its payload, its place in the stream and in the global order, and who caused it.</summary>
public sealed record RecordedEvent(
    long Sequence,
    Guid Id,
    Guid StreamId,
    long Version,
    string Type,
    object Data,
    EventMetadata Metadata)
{
    public static RecordedEvent From(IEvent e) =>
        new(e.Sequence, e.Id, e.StreamId, e.Version, e.EventTypeName, e.Data, EventMetadata.Of(e));
}
