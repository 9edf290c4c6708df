using QuotaLedger.EventStore;

namespace QuotaLedger.Application.Common;

/// <summary>A resource as the API shows it: its current state, its version (ETag), and on request its history.</summary>
public sealed record ResourceView<T>(T Resource, long Version, IReadOnlyList<HistoryEntry>? History = null);

/// <summary>One recorded event: what happened, when, who did it for which organisation, why, and in which request.</summary>
public sealed record HistoryEntry(
    long Sequence,
    long Version,
    string Type,
    DateTimeOffset Timestamp,
    string Actor,
    string Organisation,
    string? Reason,
    Guid CorrelationId,
    object Data)
{
    public static HistoryEntry From(RecordedEvent e) =>
        new(e.Sequence, e.Version, e.Type, e.Metadata.Timestamp, e.Metadata.Actor, e.Metadata.Organisation, e.Metadata.Reason,
            e.Metadata.CorrelationId, e.Data);
}

public sealed record Page<T>(IReadOnlyList<T> Items, int Limit, int Offset);
