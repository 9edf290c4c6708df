using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

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
