using Npgsql;

namespace QuotaLedger.EventStore;

/// <summary>
/// Makes changes to recorded history detectable. Each event carries a hash over its content and the hash of the
/// previous event of its stream (set by the database as the event is inserted, so no append waits on anything global).
/// Behind the high-water mark, <see cref="Sealer"/> chains blocks of committed events in global order. The
/// <see cref="LedgerVerifier"/> recomputes both chains and names the first event that was altered, removed or added.
/// </summary>
public static class TamperEvidence
{
    public const string Schema = """
        ALTER TABLE ql_events ADD COLUMN hash bytea;

        -- The canonical content of an event: a JSON array, so that no two different contents serialise alike.
        -- The timestamp is taken in microseconds since the epoch, independent of the session's time zone.
        CREATE FUNCTION ql_event_hash(previous bytea, e ql_events) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
            SELECT sha256(coalesce(previous, ''::bytea) || convert_to(jsonb_build_array(
                e.stream_id, e.version, e.type, e.data, (extract(epoch FROM e.timestamp) * 1000000)::bigint,
                e.correlation_id, e.causation_id, e.actor, e.organisation, e.reason)::text, 'UTF8'))
        $$;

        -- Events recorded before this migration are chained once, in stream order.
        ALTER TABLE ql_events DISABLE TRIGGER ql_events_immutable;
        DO $$
        DECLARE r ql_events; previous bytea; current_stream uuid;
        BEGIN
            FOR r IN SELECT * FROM ql_events ORDER BY stream_id, version LOOP
                IF current_stream IS DISTINCT FROM r.stream_id THEN previous := NULL; current_stream := r.stream_id; END IF;
                previous := ql_event_hash(previous, r);
                UPDATE ql_events SET hash = previous WHERE seq_id = r.seq_id;
            END LOOP;
        END $$;
        ALTER TABLE ql_events ENABLE TRIGGER ql_events_immutable;
        ALTER TABLE ql_events ALTER COLUMN hash SET NOT NULL;

        -- Rows inserted earlier by the same statement are visible here, so one append of several events chains them.
        CREATE FUNCTION ql_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.hash := ql_event_hash(
                (SELECT hash FROM ql_events WHERE stream_id = NEW.stream_id AND version = NEW.version - 1), NEW);
            RETURN NEW;
        END $$;
        CREATE TRIGGER ql_events_hash BEFORE INSERT ON ql_events FOR EACH ROW EXECUTE FUNCTION ql_events_chain();

        CREATE TABLE ql_seals (
            block         bigint PRIMARY KEY,
            from_seq      bigint NOT NULL,
            to_seq        bigint NOT NULL,
            event_count   bigint NOT NULL,
            events_hash   bytea NOT NULL,
            previous_hash bytea,
            hash          bytea NOT NULL,
            sealed_at     timestamptz NOT NULL DEFAULT now(),
            CHECK (from_seq <= to_seq));

        CREATE FUNCTION ql_seal_hash(previous bytea, block bigint, from_seq bigint, to_seq bigint, events_hash bytea)
            RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
            SELECT sha256(coalesce(previous, ''::bytea) || int8send(block) || int8send(from_seq) || int8send(to_seq) || events_hash)
        $$;

        -- The hash of the events of a block: their own hashes in global order.
        CREATE FUNCTION ql_events_hash(from_seq bigint, to_seq bigint) RETURNS bytea LANGUAGE sql STABLE AS $$
            SELECT sha256(coalesce(string_agg(hash, ''::bytea ORDER BY seq_id), ''::bytea))
            FROM ql_events WHERE seq_id BETWEEN from_seq AND to_seq
        $$;
        """;
}

/// <summary>
/// Seals each page of committed events the daemon hands it into a block chained to the previous one. It runs as an
/// asynchronous projection, so it only ever sees events below the high-water mark, and its progress guard makes sure
/// that two instances never seal the same page.
/// </summary>
public sealed class Sealer : IAsyncProjection
{
    public string Name => "Sealer";

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO ql_seals (block, from_seq, to_seq, event_count, events_hash, previous_hash, hash)
            SELECT last.block + 1, $1, $2, (SELECT count(*) FROM ql_events WHERE seq_id BETWEEN $1 AND $2),
                   ql_events_hash($1, $2), last.hash, ql_seal_hash(last.hash, last.block + 1, $1, $2, ql_events_hash($1, $2))
            FROM (SELECT coalesce(max(block), 0) AS block, (SELECT hash FROM ql_seals ORDER BY block DESC LIMIT 1) AS hash
                  FROM ql_seals) AS last
            """, connection, transaction);
        cmd.Parameters.AddWithValue(events[0].Sequence);
        cmd.Parameters.AddWithValue(events[^1].Sequence);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>What the verifier found wrong: the first event (by global sequence) it concerns, and how.</summary>
public sealed record TamperFinding(long? Sequence, Guid? StreamId, long? Version, string Problem)
{
    public override string ToString() =>
        $"{(Sequence is { } s ? $"event #{s}" : "")}{(StreamId is { } id ? $" of stream {id} version {Version}" : "")}: {Problem}".TrimStart();
}

public sealed class LedgerVerifier(NpgsqlDataSource dataSource)
{
    /// <summary>Every finding, first altered or missing event first; empty when the history is intact.</summary>
    public async Task<IReadOnlyList<TamperFinding>> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var findings = new List<TamperFinding>();

        // Per stream: each hash recomputed from the event and its predecessor, and versions 1, 2, 3, … without gaps.
        await ReadAsync(connection, tx, """
            SELECT seq_id, stream_id, version,
                   CASE WHEN step <> 1 THEN format('versions jump from %s to %s: %s event(s) before it are missing', version - step, version, step - 1)
                        ELSE 'its content or its predecessor was altered: the hash does not match' END
            FROM (SELECT seq_id, stream_id, version, hash,
                         version - coalesce(lag(version) OVER w, 0) AS step,
                         ql_event_hash(lag(hash) OVER w, e) AS expected
                  FROM ql_events e WINDOW w AS (PARTITION BY stream_id ORDER BY version)) c
            WHERE step <> 1 OR hash <> expected
            """, findings, ct);

        // Per stream: the stream's version names its last event.
        await ReadAsync(connection, tx, """
            SELECT NULL::bigint, s.id, s.version,
                   format('the stream is at version %s but its last event is version %s', s.version, coalesce(max(e.version), 0))
            FROM ql_streams s LEFT JOIN ql_events e ON e.stream_id = s.id
            GROUP BY s.id, s.version HAVING s.version <> coalesce(max(e.version), 0)
            """, findings, ct);

        // The seal chain: each block recomputed from the events it covers and the block before it.
        await ReadAsync(connection, tx, """
            SELECT from_seq, NULL::uuid, NULL::bigint,
                   format('sealed block %s (events #%s to #%s) no longer matches: events in it were altered, removed or added', block, from_seq, to_seq)
            FROM (SELECT block, from_seq, to_seq, events_hash, previous_hash, hash,
                         lag(hash) OVER (ORDER BY block) AS chained, lag(to_seq) OVER (ORDER BY block) AS previous_to
                  FROM ql_seals) s
            WHERE events_hash <> ql_events_hash(from_seq, to_seq)
               OR previous_hash IS DISTINCT FROM chained
               OR hash <> ql_seal_hash(previous_hash, block, from_seq, to_seq, events_hash)
               OR from_seq <= coalesce(previous_to, 0)
            """, findings, ct);

        // An event in the sealed range that no block covers was added after sealing.
        await ReadAsync(connection, tx, """
            SELECT e.seq_id, e.stream_id, e.version, 'the event lies in the sealed range but in no sealed block: it was added afterwards'
            FROM ql_events e
            WHERE e.seq_id <= (SELECT coalesce(max(to_seq), 0) FROM ql_seals)
              AND NOT EXISTS (SELECT 1 FROM ql_seals s WHERE e.seq_id BETWEEN s.from_seq AND s.to_seq)
            """, findings, ct);

        return findings.OrderBy(f => f.Sequence ?? long.MaxValue).ToArray();
    }

    private static async Task ReadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, List<TamperFinding> findings, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            findings.Add(new TamperFinding(
                reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3)));
    }
}
