using Npgsql;

namespace QuotaLedger.Store;

/// <summary>Recomputes every stream's hash chain and the chain of sealed blocks (<see cref="TamperEvidence"/>).</summary>
public sealed class LedgerVerifier(NpgsqlDataSource dataSource)
{
    /// <summary>Every finding, first altered or missing event first; empty when the history is intact.</summary>
    public async Task<IReadOnlyList<TamperFinding>> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var findings = new List<TamperFinding>();

        // Per stream: each hash recomputed from the event and its predecessor, and versions 1, 2, 3, … without gaps.
        await ReadAsync(connection, tx, $"""
            SELECT seq_id, stream_id, version,
                   CASE WHEN hash IS NULL THEN 'the event has no hash: it was written around the hash chain'
                        WHEN step <> 1 THEN format('versions jump from %s to %s: %s event(s) before it are missing', version - step, version, step - 1)
                        ELSE 'its content or its predecessor was altered: the hash does not match' END
            FROM (SELECT e.seq_id, e.stream_id, e.version, h.hash,
                         e.version - coalesce(lag(e.version) OVER w, 0) AS step,
                         {S}.ql_event_hash(lag(h.hash) OVER w, e) AS expected
                  FROM {S}.mt_events e LEFT JOIN {S}.ql_event_hashes h ON h.seq_id = e.seq_id
                  WHERE e.stream_id <> $1
                  WINDOW w AS (PARTITION BY e.stream_id ORDER BY e.version)) c
            WHERE hash IS NULL OR step <> 1 OR hash <> expected
            """, findings, ct, MartenSetup.TombstoneStreamId);

        // A hash whose event is gone: the event was removed.
        await ReadAsync(connection, tx, $"""
            SELECT h.seq_id, NULL::uuid, NULL::bigint, 'the event was removed: its hash remains'
            FROM {S}.ql_event_hashes h LEFT JOIN {S}.mt_events e ON e.seq_id = h.seq_id
            WHERE e.seq_id IS NULL
            """, findings, ct);

        // Per stream: the stream's version names its last event.
        await ReadAsync(connection, tx, $"""
            SELECT NULL::bigint, s.id, s.version,
                   format('the stream is at version %s but its last event is version %s', s.version, coalesce(max(e.version), 0))
            FROM {S}.mt_streams s LEFT JOIN {S}.mt_events e ON e.stream_id = s.id
            WHERE s.id <> $1
            GROUP BY s.id, s.version HAVING s.version <> coalesce(max(e.version), 0)
            """, findings, ct, MartenSetup.TombstoneStreamId);

        // The seal chain: each block recomputed from the events it covers and the block before it.
        await ReadAsync(connection, tx, $"""
            SELECT from_seq, NULL::uuid, NULL::bigint,
                   format('sealed block %s (events #%s to #%s) no longer matches: events in it were altered, removed or added', block, from_seq, to_seq)
            FROM (SELECT block, from_seq, to_seq, events_hash, previous_hash, hash,
                         lag(hash) OVER (ORDER BY block) AS chained, lag(to_seq) OVER (ORDER BY block) AS previous_to
                  FROM {S}.ql_seals) s
            WHERE events_hash <> {S}.ql_events_hash(from_seq, to_seq)
               OR previous_hash IS DISTINCT FROM chained
               OR hash <> {S}.ql_seal_hash(previous_hash, block, from_seq, to_seq, events_hash)
               OR from_seq <> coalesce(previous_to, 0) + 1
            """, findings, ct);

        // Blocks follow on from sequence 1 without gaps, so an event below the last sealed one that no block covers was
        // slipped in under them (a sequence number no append draws) after sealing.
        await ReadAsync(connection, tx, $"""
            SELECT e.seq_id, e.stream_id, e.version, 'the event lies in the sealed range but in no sealed block: it was added afterwards'
            FROM {S}.mt_events e
            WHERE e.seq_id <= (SELECT coalesce(max(to_seq), 0) FROM {S}.ql_seals)
              AND NOT EXISTS (SELECT 1 FROM {S}.ql_seals s WHERE e.seq_id BETWEEN s.from_seq AND s.to_seq)
            """, findings, ct);

        return findings.OrderBy(f => f.Sequence ?? long.MaxValue).ToArray();
    }

    private const string S = MartenSetup.Schema;

    private static async Task ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string sql, List<TamperFinding> findings, CancellationToken ct,
        params object[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            findings.Add(new TamperFinding(
                reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3)));
    }
}
