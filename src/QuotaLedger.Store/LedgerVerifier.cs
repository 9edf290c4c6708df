using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace QuotaLedger.Store;

/// <summary>
/// Recomputes everything <see cref="TamperEvidence"/> keeps: every stream's hash chain, every event's MAC, and the chain
/// of signed seals, and checks that the sealer's progress and its last seal agree.
/// </summary>
/// <param name="store">For the serializer and the event types: a MAC is over the data as the service serialised it.</param>
/// <param name="keys">Every key that signed something, the current one and those rotated out.</param>
public sealed class LedgerVerifier(NpgsqlDataSource dataSource, IDocumentStore store, TamperEvidenceKeys keys)
{

    private const int PageSize = 1000;

    /// <summary>
    /// Every finding, first altered or missing event first; empty when the history is intact. With a
    /// <paramref name="receipt"/>, also that its block is still there as it was given.
    /// </summary>
    public async Task<IReadOnlyList<TamperFinding>> VerifyAsync(CancellationToken ct, SealReceipt? receipt = null)
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
                  WHERE {MartenSetup.IsLedgerEvent("e")}
                  WINDOW w AS (PARTITION BY e.stream_id ORDER BY e.version)) c
            WHERE hash IS NULL OR step <> 1 OR hash <> expected
            """, findings, ct);

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
            FROM {S}.mt_streams s LEFT JOIN {S}.mt_events e ON e.stream_id = s.id AND {MartenSetup.IsLedgerEvent("e")}
            GROUP BY s.id, s.version HAVING s.version <> coalesce(max(e.version), 0)
            """, findings, ct);

        await VerifyMacsAsync(connection, tx, null, findings, ct);

        // A MAC whose event is gone: the event was removed.
        await ReadAsync(connection, tx, $"""
            SELECT m.seq_id, NULL::uuid, NULL::bigint, 'the event was removed: its MAC remains'
            FROM {S}.ql_event_macs m LEFT JOIN {S}.mt_events e ON e.seq_id = m.seq_id
            WHERE e.seq_id IS NULL
            """, findings, ct);

        var seals = await Seal.ReadAllAsync(connection, tx, ct);
        await VerifySealsAsync(connection, tx, seals, findings, ct);
        await VerifySealerProgressAsync(connection, tx, seals.LastOrDefault(), findings, ct);

        // Blocks follow on from sequence 1 without gaps, so an event below the last sealed one that no block covers was
        // slipped in under them (a sequence number no append draws) after sealing.
        await ReadAsync(connection, tx, $"""
            SELECT e.seq_id, e.stream_id, e.version, 'the event lies in the sealed range but in no sealed block: it was added afterwards'
            FROM {S}.mt_events e
            WHERE e.seq_id <= (SELECT coalesce(max(to_seq), 0) FROM {S}.ql_seals)
              AND NOT EXISTS (SELECT 1 FROM {S}.ql_seals s WHERE e.seq_id BETWEEN s.from_seq AND s.to_seq)
            """, findings, ct);

        if (receipt is not null) VerifyAgainst(receipt, seals, findings);

        return findings.OrderBy(f => f.Sequence ?? long.MaxValue).ToArray();
    }

    /// <summary>
    /// The verdict on some events only (a page of them), without recomputing the whole store: each one's link in its
    /// stream's hash chain and its MAC, the hashes and MACs left behind by events removed between the first and the last
    /// of them, and every sealed block that covers one of them (its digest and count over all its events, its signature,
    /// and its link to the block before). Run it in the transaction that read the events, so that the verdict is on
    /// what was read. Events after <see cref="RangeVerdict.SealedThrough"/> are not sealed yet: their hashes and MACs
    /// are checked, a seal will vouch for them once the sealer has passed.
    /// </summary>
    public async Task<RangeVerdict> VerifyEventsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<long> sequences, CancellationToken ct)
    {
        var only = sequences.Distinct().Order().ToArray();
        var findings = new List<TamperFinding>();
        long sealedThrough, progress;
        await using (var cmd = new NpgsqlCommand($"""
                         SELECT coalesce((SELECT max(to_seq) FROM {S}.ql_seals), 0),
                                coalesce((SELECT last_seq_id FROM {S}.mt_event_progression WHERE name = $1), 0)
                         """, connection, tx))
        {
            cmd.Parameters.AddWithValue(Sealer.ShardName);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (sealedThrough, progress) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        if (only.Length == 0) return new RangeVerdict(true, [], sealedThrough);

        await ReadAsync(connection, tx, $"""
            SELECT e.seq_id, e.stream_id, e.version,
                   CASE WHEN h.hash IS NULL THEN 'the event has no hash: it was written around the hash chain'
                        WHEN e.version > 1 AND p.seq_id IS NULL
                            THEN format('version %s of its stream is missing: the event before it was removed', e.version - 1)
                        ELSE 'its content or its predecessor was altered: the hash does not match' END
            FROM {S}.mt_events e
                 LEFT JOIN {S}.ql_event_hashes h ON h.seq_id = e.seq_id
                 LEFT JOIN {S}.mt_events p ON p.stream_id = e.stream_id AND p.version = e.version - 1
                 LEFT JOIN {S}.ql_event_hashes ph ON ph.seq_id = p.seq_id
            WHERE e.seq_id = ANY($1) AND {MartenSetup.IsLedgerEvent("e")}
              AND (h.hash IS NULL OR (e.version > 1 AND p.seq_id IS NULL) OR h.hash <> {S}.ql_event_hash(ph.hash, e))
            """, findings, ct, only);

        await ReadAsync(connection, tx, $"""
            SELECT x.seq_id, NULL::uuid, NULL::bigint, 'the event was removed: its ' || x.what || ' remains'
            FROM (SELECT seq_id, 'hash' AS what FROM {S}.ql_event_hashes WHERE seq_id BETWEEN $1 AND $2
                  UNION ALL SELECT seq_id, 'MAC' FROM {S}.ql_event_macs WHERE seq_id BETWEEN $1 AND $2) x
            WHERE NOT EXISTS (SELECT 1 FROM {S}.mt_events e WHERE e.seq_id = x.seq_id)
            """, findings, ct, only[0], only[^1]);

        await VerifyMacsAsync(connection, tx, only, findings, ct);

        var seals = await Seal.CoveringAsync(connection, tx, only, ct);
        foreach (var seal in seals.Where(s => only.Any(q => q >= s.FromSeq && q <= s.ToSeq)))
            if (await SealProblemAsync(connection, tx, seal, seals.SingleOrDefault(s => s.Block == seal.Block - 1), ct) is { } problem)
                findings.Add(new TamperFinding(seal.FromSeq, null, null, problem));

        // An event up to the last block, or one the sealer has passed, must lie in a block: else it was slipped in
        // afterwards, or the block covering it removed.
        await ReadAsync(connection, tx, $"""
            SELECT e.seq_id, e.stream_id, e.version,
                   CASE WHEN e.seq_id <= $2 THEN 'the event lies in the sealed range but in no sealed block: it was added afterwards'
                        ELSE format('the sealer has passed the event (its progress is #%s) but no seal covers it: a seal was removed, or the event was added afterwards', $3::bigint) END
            FROM {S}.mt_events e
            WHERE e.seq_id = ANY($1) AND {MartenSetup.IsLedgerEvent("e")} AND e.seq_id <= greatest($2::bigint, $3::bigint)
              AND NOT EXISTS (SELECT 1 FROM {S}.ql_seals s WHERE e.seq_id BETWEEN s.from_seq AND s.to_seq)
            """, findings, ct, only, sealedThrough, progress);

        return new RangeVerdict(findings.Count == 0, findings.OrderBy(f => f.Sequence ?? long.MaxValue).ToArray(), sealedThrough);
    }

    /// <summary>
    /// Each event's MAC recomputed from its stored row (of every event, or of those numbered <paramref name="only"/>);
    /// only Marten's tombstones may have none.
    /// </summary>
    private async Task VerifyMacsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, long[]? only, List<TamperFinding> findings, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        var types = store.Options.Events.AllKnownEventTypes().ToDictionary(t => t.EventTypeName, t => t.EventType);
        for (long after = long.MinValue; ;)
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT e.seq_id, e.id, e.stream_id, e.version, e.type,
                       CASE WHEN isfinite(e.timestamp) THEN (extract(epoch FROM e.timestamp) * 1000000)::bigint END,
                       e.user_name, e.correlation_id, e.causation_id, e.headers::text, e.data::text, m.key_id, m.mac
                FROM {S}.mt_events e LEFT JOIN {S}.ql_event_macs m ON m.seq_id = e.seq_id
                WHERE e.seq_id > $1 AND ($2::bigint[] IS NULL OR e.seq_id = ANY($2)) ORDER BY e.seq_id LIMIT {PageSize}
                """, connection, tx);
            cmd.Parameters.AddWithValue(after);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)only ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var read = 0;
            while (await reader.ReadAsync(ct))
            {
                read++;
                var (seq, streamId, version, type) = (reader.GetInt64(0), reader.GetGuid(2), reader.GetInt64(3), reader.GetString(4));
                after = seq;
                if (Problem() is { } problem) findings.Add(new TamperFinding(seq, streamId, version, problem));

                string? Problem()
                {
                    if (reader.IsDBNull(12))
                        return type == MartenSetup.TombstoneType && version == seq
                            ? null
                            : "the event has no MAC: it was written without the service's key (with SQL, say)";
                    var keyId = reader.GetString(11);
                    if (!types.TryGetValue(type, out var clrType)) return $"the event's type '{type}' is none the ledger knows";
                    string data;
                    try
                    {
                        data = serializer.ToJson(serializer.FromJson(clrType, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(reader.GetString(10)))));
                    }
                    // Whatever the reader refuses (an attacker chose the data): the event is not one the service wrote.
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        return $"the event's data cannot be read as {type}: {e.Message}";
                    }
                    var content = CanonicalEvent.Of(seq, reader.GetGuid(1), streamId, version, type,
                        reader.IsDBNull(5) ? long.MinValue : reader.GetInt64(5), Text(6), Text(7), Text(8), Headers(Text(9)), data);
                    return keys.SignWith(keyId, content) switch
                    {
                        null => $"the event is signed with the key '{keyId}', which is not configured: it was not signed by this ledger, or its key was removed",
                        var expected when !CryptographicOperations.FixedTimeEquals(expected, reader.GetFieldValue<byte[]>(12)) =>
                            "its MAC does not match: the event was altered, or written without the service's key",
                        _ => null,
                    };
                }

                string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
            }
            if (read < PageSize) return;
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Headers(string? json)
    {
        if (json is null) return [];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, CanonicalEvent.HeaderText(p.Value))).ToArray()
            : [KeyValuePair.Create("", document.RootElement.GetRawText())];
    }

    /// <summary>
    /// The seal chain: blocks 1, 2, 3, … from sequence 1 without gaps or overlaps, each one's digest and count recomputed
    /// from the events it covers, its previous signature the block before's, and its signature recomputed with its key.
    /// </summary>
    private async Task VerifySealsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, List<Seal> seals, List<TamperFinding> findings, CancellationToken ct)
    {
        Seal? previous = null;
        foreach (var seal in seals)
        {
            if (await SealProblemAsync(connection, tx, seal, previous, ct) is { } problem)
                findings.Add(new TamperFinding(seal.FromSeq, null, null, problem));
            previous = seal;
        }
    }

    /// <summary>What is wrong with one block, given the block before it in the table (null for none): null when intact.</summary>
    private async Task<string?> SealProblemAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Seal seal, Seal? previous, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT {S}.ql_events_digest($1, $2), (SELECT count(*) FROM {S}.mt_events WHERE seq_id BETWEEN $1 AND $2)",
            connection, tx);
        cmd.Parameters.AddWithValue(seal.FromSeq);
        cmd.Parameters.AddWithValue(seal.ToSeq);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (digest, count) = (reader.GetFieldValue<byte[]>(0), reader.GetInt64(1));
        var name = $"sealed block {seal.Block} (events #{seal.FromSeq} to #{seal.ToSeq})";
        return
            seal.Block != (previous?.Block ?? 0) + 1 ? $"{name} does not follow block {previous?.Block ?? 0}: blocks before it were removed"
            : seal.FromSeq != (previous?.ToSeq ?? 0) + 1 ? $"{name} does not start where block {previous?.Block ?? 0} ends (#{previous?.ToSeq ?? 0})"
            : !keys.Knows(seal.KeyId)
                ? $"{name} is signed with the key '{seal.KeyId}', which is not configured: it was not signed by this ledger, or its key was removed"
            : !seal.IsSignedUnder(keys)
                ? $"{name}: its signature does not match: the seal was forged or altered"
            : !Same(seal.PreviousSignature, previous?.Signature) ? $"{name} is not chained to block {previous?.Block}: its previous signature differs"
            : !digest.AsSpan().SequenceEqual(seal.EventsDigest) || count != seal.EventCount
                ? $"{name} no longer matches: events in it were altered, removed or added"
            : null;

        static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
    }

    /// <summary>
    /// The sealer records its progress in the same transaction as each block, and a block ends at the last event of its
    /// page: so the progress is never behind the last block, and is ahead of it only by sequence numbers the daemon
    /// skipped as gaps (an append rolled back) and Marten's tombstones of the last page. A ledger event between the two
    /// was passed by the sealer and is in no block: the block was removed, or the event added afterwards.
    /// </summary>
    private static async Task VerifySealerProgressAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Seal? last, List<TamperFinding> findings, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT coalesce((SELECT last_seq_id FROM {S}.mt_event_progression WHERE name = $1), 0)", connection, tx);
        cmd.Parameters.AddWithValue(Sealer.ShardName);
        var progress = (long)(await cmd.ExecuteScalarAsync(ct))!;
        var sealedTo = last?.ToSeq ?? 0;
        if (progress < sealedTo)
            findings.Add(new TamperFinding(progress + 1, null, null,
                $"the sealer's progress (#{progress}) is behind its last seal (block {last!.Block}, to #{sealedTo}): the progress was set back"));
        await ReadAsync(connection, tx, $"""
            SELECT seq_id, stream_id, version,
                   format('the sealer has passed the event (its progress is #%s) but no seal covers it: seals after block %s were removed, or the event was added afterwards', $2::bigint, $3::bigint)
            FROM {S}.mt_events e
            WHERE seq_id > $1 AND seq_id <= $2 AND {MartenSetup.IsLedgerEvent("e")}
            ORDER BY seq_id
            """, findings, ct, sealedTo, progress, last?.Block ?? 0);
    }

    /// <summary>The receipt's block is still there, as it was given: nothing up to it was removed or re-sealed.</summary>
    private static void VerifyAgainst(SealReceipt receipt, List<Seal> seals, List<TamperFinding> findings)
    {
        var name = $"the receipt's block {receipt.Block} (events #{receipt.FromSeq} to #{receipt.ToSeq}, sealed {receipt.SealedAt:u})";
        var problem = seals.FirstOrDefault(s => s.Block == receipt.Block) switch
        {
            null => $"{name} is gone: the history up to it was removed",
            var seal when !receipt.Matches(seal) => $"{name} was replaced by another: the history up to it was rewritten and sealed again",
            _ => null,
        };
        if (problem is not null) findings.Add(new TamperFinding(receipt.FromSeq, null, null, problem));
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
