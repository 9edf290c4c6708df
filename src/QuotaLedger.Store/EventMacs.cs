using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace QuotaLedger.Store;

/// <summary>
/// Signs every event the service appends: an inline projection, so that the MAC is computed from the event as Marten
/// is about to write it (Rich appends: its sequence number and metadata are known) and inserted into
/// <c>ql_event_macs</c> in the same batch and transaction as the event, at the cost of one more statement and no
/// round trip.
/// </summary>
/// <remarks>
/// Marten's tombstones (<see cref="MartenSetup.TombstoneType"/>) are written outside the projections and carry no
/// MAC. A rebuild (the legacy import's) signs only events that have no MAC yet: an existing MAC is never replaced.
/// </remarks>
public sealed class EventMacs(TamperEvidenceKeys keys) : IProjection
{
    public const string Name = "EventMacs";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var serializer = operations.DocumentStore.Options.Serializer();
        var signed = events.Where(e => e.Data is not Tombstone).ToArray();
        if (signed.Length == 0) return Task.CompletedTask;
        var macs = signed.Select(e => keys.Sign(CanonicalEvent.Of(
            e.Sequence, e.Id, e.StreamId, e.Version, e.EventTypeName, CanonicalEvent.Micros(e.Timestamp), e.UserName,
            e.CorrelationId, e.CausationId,
            (e.Headers ?? []).Select(h => KeyValuePair.Create(h.Key, CanonicalEvent.HeaderText(h.Value))),
            serializer.ToJson(e.Data)))).ToArray();
        operations.QueueSqlCommand($"""
            INSERT INTO {MartenSetup.Schema}.ql_event_macs (seq_id, key_id, mac)
            SELECT seq_id, ?, mac FROM unnest(?::bigint[], ?::bytea[]) AS m (seq_id, mac)
            ON CONFLICT (seq_id) DO NOTHING
            """, keys.CurrentKeyId, signed.Select(e => e.Sequence).ToArray(), macs);
        return Task.CompletedTask;
    }
}
