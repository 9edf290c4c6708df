using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace QuotaLedger.Store;

/// <summary>
/// Seals each page of committed events the async daemon hands it into a block chained to the previous one. The daemon
/// only hands over events below its high-water mark, and of two service instances only one runs it (HotCold).
/// </summary>
/// <remarks>
/// A block starts right after the previous one, not at the page's first event, so that every sequence number up to the
/// last sealed one lies in exactly one block, whatever the daemon skipped.
/// </remarks>
public sealed class Sealer : IProjection
{
    public const string Name = "Sealer";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return Task.CompletedTask;
        operations.QueueSqlCommand($"""
            INSERT INTO {MartenSetup.Schema}.ql_seals (block, from_seq, to_seq, event_count, events_hash, previous_hash, hash)
            SELECT last.block + 1, last.to_seq + 1, r.to_seq,
                   (SELECT count(*) FROM {MartenSetup.Schema}.ql_event_hashes WHERE seq_id BETWEEN last.to_seq + 1 AND r.to_seq),
                   {MartenSetup.Schema}.ql_events_hash(last.to_seq + 1, r.to_seq), last.hash,
                   {MartenSetup.Schema}.ql_seal_hash(last.hash, last.block + 1, last.to_seq + 1, r.to_seq,
                                                     {MartenSetup.Schema}.ql_events_hash(last.to_seq + 1, r.to_seq))
            FROM (SELECT ?::bigint AS to_seq) AS r,
                 (SELECT coalesce(max(block), 0) AS block, coalesce(max(to_seq), 0) AS to_seq,
                         (SELECT hash FROM {MartenSetup.Schema}.ql_seals ORDER BY block DESC LIMIT 1) AS hash
                  FROM {MartenSetup.Schema}.ql_seals) AS last
            WHERE r.to_seq > last.to_seq
            """, events[^1].Sequence);
        return Task.CompletedTask;
    }
}
