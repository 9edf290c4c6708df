using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace QuotaLedger.Store;

/// <summary>
/// Seals each page of committed events the async daemon hands it into a block signed with the current key and chained
/// to the previous block by its signature. The daemon only hands over events below its high-water mark, and of two
/// service instances only one runs it (HotCold).
/// </summary>
/// <remarks>
/// A block starts right after the previous one, not at the page's first event, so that every sequence number up to the
/// last sealed one lies in exactly one block, whatever the daemon skipped. The signature needs the key, which the
/// database does not hold, so the block is computed here from what the database says of the previous block and of the
/// page's MACs, read before the page's batch: the daemon commits each page before it builds the next, so both are
/// committed by then. Should a second instance have sealed the page meanwhile, the block number is taken and this
/// block is not written.
/// </remarks>
public sealed class Sealer(NpgsqlDataSource dataSource, TamperEvidenceKeys keys, TimeProvider clock) : IProjection
{
    public const string Name = "Sealer";

    /// <summary>Marten's daemon keeps the sealer's progress in <c>mt_event_progression</c> under this name.</summary>
    public const string ShardName = $"{Name}:All";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        var toSeq = events[^1].Sequence;
        await using var cmd = dataSource.CreateCommand($"""
            SELECT last.block, last.to_seq, last.signature,
                   (SELECT count(*) FROM {MartenSetup.Schema}.mt_events WHERE seq_id BETWEEN last.to_seq + 1 AND $1),
                   {MartenSetup.Schema}.ql_events_digest(last.to_seq + 1, $1)
            FROM (SELECT coalesce(max(block), 0) AS block, coalesce(max(to_seq), 0) AS to_seq,
                         (SELECT signature FROM {MartenSetup.Schema}.ql_seals ORDER BY block DESC LIMIT 1) AS signature
                  FROM {MartenSetup.Schema}.ql_seals) AS last
            """);
        cmd.Parameters.AddWithValue(toSeq);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (lastBlock, lastToSeq) = (reader.GetInt64(0), reader.GetInt64(1));
        if (toSeq <= lastToSeq) return;
        var previous = reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2);
        var (count, digest) = (reader.GetInt64(3), reader.GetFieldValue<byte[]>(4));

        // PostgreSQL keeps microseconds: the signed time is the stored one.
        var sealedAt = DateTimeOffset.UnixEpoch.AddTicks(CanonicalEvent.Micros(clock.GetUtcNow()) * 10);
        var block = lastBlock + 1;
        var signature = keys.Sign(Seal.Content(block, lastToSeq + 1, toSeq, count, digest, previous, sealedAt));
        operations.QueueSqlCommand($"""
            INSERT INTO {MartenSetup.Schema}.ql_seals
                (block, from_seq, to_seq, event_count, events_digest, previous_signature, key_id, signature, sealed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (block) DO NOTHING
            """, block, lastToSeq + 1, toSeq, count, digest, (object?)previous ?? DBNull.Value, keys.CurrentKeyId, signature, sealedAt);
    }
}
