using Marten;
using Npgsql;
using QuotaLedger.Store.Tests.Support;

namespace QuotaLedger.Store.Tests;

/// <summary>
/// Someone with SQL access changes history behind the service's back, switching off the triggers that stand in the
/// way as an attacker with that access would, and recomputing whatever the database can compute; the verifier names
/// what was done. What needs the service's key (an event's MAC, a seal's signature) the attacker cannot recompute. A
/// fresh database per test, since each test tampers with it.
/// </summary>
public sealed class TamperEvidenceTests : IAsyncLifetime
{
    private static CancellationToken Ct => CancellationToken.None;
    private LedgerDatabase db = null!;
    private readonly Guid first = Guid.NewGuid(), second = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        db = await LedgerDatabase.CreateAsync();
        await db.Store.AppendCommittedAsync(first, 0, new QuotaGranted("h1", 1m), new QuotaConsumed("h1", 0.5m, null));
        await db.Store.AppendCommittedAsync(second, 0, new QuotaGranted("h2", 2m));
        await db.Store.AppendCommittedAsync(first, 2, new QuotaConsumed("h1", 0.25m, "late"));
        await SealAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private LedgerVerifier Verifier => db.Verifier;

    /// <summary>Runs Marten's daemon until the sealer has sealed every event, then stops it.</summary>
    private async Task SealAsync()
    {
        using var daemon = await db.Documents.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await db.WaitForShardAsync(Sealer.ShardName, TimeSpan.FromSeconds(15));
        await daemon.StopAllAsync();
    }

    private Task<long> SeqOf(Guid stream, long version) =>
        db.ScalarAsync<long>("SELECT seq_id FROM mt_events WHERE stream_id = $1 AND version = $2", stream, version);

    /// <summary>Runs SQL as an attacker: with the immutability and hash triggers switched off, and on again after.</summary>
    private Task TamperAsync(string sql, params object[] parameters) => TamperAsync([sql], parameters);

    /// <summary>Several statements, each given the same parameters, in one transaction.</summary>
    private async Task TamperAsync(string[] statements, params object[] parameters)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await ExecuteAsync("ALTER TABLE mt_events DISABLE TRIGGER ql_events_immutable, DISABLE TRIGGER ql_events_hash");
        await ExecuteAsync("ALTER TABLE ql_event_macs DISABLE TRIGGER USER");
        await ExecuteAsync("ALTER TABLE ql_seals DISABLE TRIGGER USER");
        foreach (var sql in statements) await ExecuteAsync(sql, parameters);
        await ExecuteAsync("ALTER TABLE mt_events ENABLE TRIGGER ql_events_immutable, ENABLE TRIGGER ql_events_hash");
        await ExecuteAsync("ALTER TABLE ql_event_macs ENABLE TRIGGER USER");
        await ExecuteAsync("ALTER TABLE ql_seals ENABLE TRIGGER USER");
        await tx.CommitAsync();

        async Task ExecuteAsync(string statement, params object[] values)
        {
            await using var cmd = new NpgsqlCommand(statement, connection, tx);
            foreach (var p in values) cmd.Parameters.AddWithValue(p);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>What an attacker who knows the hash function does after altering an event: recompute its stream's chain.</summary>
    private Task RehashAsync(Guid stream, long version) => TamperAsync("""
        UPDATE ql_event_hashes h SET hash = ql_event_hash(
            (SELECT p.hash FROM mt_events pe JOIN ql_event_hashes p USING (seq_id) WHERE pe.stream_id = e.stream_id AND pe.version = e.version - 1), e)
        FROM mt_events e WHERE e.seq_id = h.seq_id AND e.stream_id = $1 AND e.version = $2
        """, stream, version);

    /// <summary>
    /// What an attacker who knows the database's functions, but not the key, does after changing events: recompute every
    /// hash chain, give every event a MAC of their own making, and re-seal every block over them.
    /// </summary>
    private Task RecomputeEverythingAsync() => TamperAsync([
        """
        UPDATE ql_event_hashes h SET hash = c.hash
        FROM (WITH RECURSIVE chain AS (
                  SELECT e.seq_id, e.stream_id, e.version, ql_event_hash(NULL, e) AS hash FROM mt_events e WHERE e.version = 1
                  UNION ALL
                  SELECT e.seq_id, e.stream_id, e.version, ql_event_hash(c.hash, e)
                  FROM chain c JOIN mt_events e ON e.stream_id = c.stream_id AND e.version = c.version + 1)
              SELECT seq_id, hash FROM chain) c
        WHERE h.seq_id = c.seq_id
        """,
        "UPDATE ql_event_macs m SET mac = sha256(convert_to(e.data::text, 'UTF8')) FROM mt_events e WHERE e.seq_id = m.seq_id",
        "UPDATE ql_seals SET events_digest = ql_events_digest(from_seq, to_seq), event_count = (SELECT count(*) FROM mt_events WHERE seq_id BETWEEN from_seq AND to_seq)",
        "UPDATE ql_seals s SET previous_signature = p.signature FROM ql_seals p WHERE p.block = s.block - 1",
        "UPDATE ql_seals SET signature = sha256(events_digest || coalesce(previous_signature, ''::bytea))",
    ]);

    private async Task<SealReceipt> ReceiptAsync() => SealReceipt.Of((await Seal.LatestAsync(db.DataSource, Ct))!);

    [Fact]
    public async Task An_intact_history_is_hashed_signed_and_sealed_and_has_no_findings()
    {
        var events = await db.ColumnAsync<long>("SELECT seq_id FROM mt_events ORDER BY seq_id");
        Assert.Equal(events, await db.ColumnAsync<long>("SELECT seq_id FROM ql_event_hashes ORDER BY seq_id"));
        Assert.Equal(events, await db.ColumnAsync<long>("SELECT seq_id FROM ql_event_macs WHERE key_id = $1 ORDER BY seq_id", TestKeys.CurrentId));
        Assert.Equal(await db.MaxSequenceAsync(), await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT min(from_seq) FROM ql_seals"));
        Assert.Equal([TestKeys.CurrentId], await db.ColumnAsync<string>("SELECT DISTINCT key_id FROM ql_seals"));
        Assert.Empty(await Verifier.VerifyAsync(Ct));
        Assert.Empty(await Verifier.VerifyAsync(Ct, await ReceiptAsync()));
    }

    [Theory]
    [InlineData("UPDATE mt_events SET data = jsonb_set(data, '{tonnes}', '0.05') WHERE seq_id = $1")]
    [InlineData("UPDATE mt_events SET user_name = 'someone-else' WHERE seq_id = $1")]
    [InlineData("UPDATE mt_events SET headers = jsonb_set(headers, '{reason}', '\"a better story\"') WHERE seq_id = $1")]
    [InlineData("UPDATE mt_events SET headers = jsonb_set(headers, '{organisation}', '\"org-2\"') WHERE seq_id = $1")]
    [InlineData("UPDATE mt_events SET timestamp = timestamp - interval '1 day' WHERE seq_id = $1")]
    public async Task An_altered_event_is_named(string alteration)
    {
        var altered = await SeqOf(first, 2);
        await TamperAsync(alteration, altered);

        var findings = await Verifier.VerifyAsync(Ct);

        Assert.All(findings, f => Assert.Equal((altered, first, 2L), (f.Sequence, f.StreamId, f.Version)));
        Assert.Contains(findings, f => f.Problem.Contains("hash does not match"));
        Assert.Contains(findings, f => f.Problem.Contains("MAC does not match"));
    }

    [Fact]
    public async Task An_altered_event_whose_stream_chain_was_recomputed_is_named_by_its_MAC()
    {
        var altered = await SeqOf(first, 2);
        await TamperAsync("UPDATE mt_events SET data = jsonb_set(data, '{tonnes}', '0.05') WHERE seq_id = $1", altered);
        await RehashAsync(first, 2);
        await RehashAsync(first, 3);

        var finding = Assert.Single(await Verifier.VerifyAsync(Ct));

        Assert.Equal((altered, first, 2L), (finding.Sequence, finding.StreamId, finding.Version));
        Assert.Contains("MAC does not match", finding.Problem);
    }

    [Fact]
    public async Task Events_altered_with_every_hash_MAC_and_seal_after_them_recomputed_are_named_and_so_are_the_seals()
    {
        var receipt = await ReceiptAsync();
        var altered = await SeqOf(first, 2);
        await TamperAsync("UPDATE mt_events SET data = jsonb_set(data, '{tonnes}', '0.05') WHERE seq_id = $1", altered);
        await RecomputeEverythingAsync();

        var findings = await Verifier.VerifyAsync(Ct, receipt);

        Assert.DoesNotContain(findings, f => f.Problem.Contains("hash does not match"));
        var events = await db.ColumnAsync<long>("SELECT seq_id FROM mt_events ORDER BY seq_id");
        Assert.Equal(events, findings.Where(f => f.Problem.Contains("MAC does not match")).Select(f => f.Sequence!.Value).Order());
        var seals = await db.ScalarAsync<long>("SELECT count(*) FROM ql_seals");
        Assert.Equal(seals, findings.Count(f => f.Problem.Contains("signature does not match")));
        Assert.Contains(findings, f => f.Problem.Contains($"the receipt's block {receipt.Block}") && f.Problem.Contains("replaced"));
    }

    [Fact]
    public async Task A_deleted_event_is_named_by_the_gap_it_leaves_and_the_hash_it_leaves_behind()
    {
        var deleted = await SeqOf(first, 2);
        await TamperAsync("DELETE FROM mt_events WHERE seq_id = $1", deleted);

        var findings = await Verifier.VerifyAsync(Ct);

        var removed = Assert.Single(findings, f => f.Problem.Contains("was removed: its hash remains"));
        Assert.Equal(deleted, removed.Sequence);
        var gap = Assert.Single(findings, f => f.Problem.Contains("versions jump"));
        Assert.Equal((first, 3L), (gap.StreamId, gap.Version));
    }

    [Fact]
    public async Task A_deleted_event_whose_hash_and_MAC_were_removed_too_is_named_by_the_gap_and_the_seals()
    {
        var deleted = await SeqOf(first, 2);
        await TamperAsync(["DELETE FROM mt_events WHERE seq_id = $1", "DELETE FROM ql_event_hashes WHERE seq_id = $1",
                           "DELETE FROM ql_event_macs WHERE seq_id = $1"], deleted);

        var findings = await Verifier.VerifyAsync(Ct);

        Assert.Contains(findings, f => f.StreamId == first && f.Version == 3 && f.Problem.Contains("versions jump"));
        Assert.Contains(findings, f => f.Problem.Contains("sealed block"));
    }

    [Fact]
    public async Task A_deleted_last_event_with_its_stream_version_rewound_is_caught_by_the_seals()
    {
        var deleted = await SeqOf(first, 3);
        await TamperAsync(["DELETE FROM mt_events WHERE seq_id = $1", "DELETE FROM ql_event_hashes WHERE seq_id = $1",
                           "DELETE FROM ql_event_macs WHERE seq_id = $1"], deleted);
        await TamperAsync("UPDATE mt_streams SET version = 2 WHERE id = $1", first);

        var finding = Assert.Single(await Verifier.VerifyAsync(Ct));

        Assert.Contains("sealed block", finding.Problem);
        Assert.True(finding.Sequence <= deleted);
    }

    [Fact]
    public async Task An_inserted_event_with_a_copied_hash_is_named()
    {
        // A copy of the stream's first event as its second, with the first one's hash and MAC: neither chain, MAC nor version fit.
        await TamperAsync(["""
            INSERT INTO mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                   correlation_id, causation_id, headers, user_name)
            SELECT nextval('mt_events_sequence'), gen_random_uuid(), stream_id, 2, data, type, timestamp, tenant_id, mt_dotnet_type,
                   correlation_id, causation_id, headers, user_name
            FROM mt_events WHERE stream_id = $1 AND version = 1
            """, """
            INSERT INTO ql_event_hashes (seq_id, hash)
            SELECT currval('mt_events_sequence'), h.hash FROM ql_event_hashes h JOIN mt_events e USING (seq_id)
            WHERE e.stream_id = $1 AND e.version = 1
            """, """
            INSERT INTO ql_event_macs (seq_id, key_id, mac)
            SELECT currval('mt_events_sequence'), m.key_id, m.mac FROM ql_event_macs m JOIN mt_events e USING (seq_id)
            WHERE e.stream_id = $1 AND e.version = 1
            """], second);
        var inserted = await SeqOf(second, 2);

        var findings = await Verifier.VerifyAsync(Ct);

        Assert.Contains(findings, f => f.Sequence == inserted && f.Problem.Contains("hash does not match"));
        Assert.Contains(findings, f => f.Sequence == inserted && f.Problem.Contains("MAC does not match"));
        Assert.Contains(findings, f => f.StreamId == second && f.Problem.Contains("stream is at version 1 but its last event is version 2"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_event_inserted_with_plain_SQL_gets_a_valid_hash_and_a_seal_but_is_named_for_having_no_MAC(bool inTheTombstoneStream)
    {
        // Nothing switched off: the immutability trigger lets an INSERT through, and the hash trigger chains it.
        // A stream such as Marten keeps its tombstones in: no type, version 0.
        var stream = inTheTombstoneStream ? Guid.NewGuid() : second;
        if (inTheTombstoneStream) await db.ExecuteAsync("INSERT INTO mt_streams (id, version, tenant_id) VALUES ($1, 0, '*DEFAULT*')", stream);
        await db.ExecuteAsync("""
            INSERT INTO mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                   correlation_id, causation_id, headers, user_name)
            SELECT nextval('mt_events_sequence'), gen_random_uuid(), $1,
                   (SELECT coalesce(max(version), 0) + 1 FROM mt_events WHERE stream_id = $1),
                   jsonb_set(data, '{tonnes}', '1000'), type, now(), tenant_id, mt_dotnet_type,
                   correlation_id, causation_id, headers, user_name
            FROM mt_events WHERE stream_id = $2 AND version = 1
            """, stream, second);
        await db.ExecuteAsync("UPDATE mt_streams SET version = (SELECT max(version) FROM mt_events WHERE stream_id = $1) WHERE id = $1", stream);
        var inserted = await db.MaxSequenceAsync();
        await SealAsync();
        Assert.Equal(inserted, await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));

        var finding = Assert.Single(await Verifier.VerifyAsync(Ct));

        Assert.Equal((inserted, stream), (finding.Sequence, finding.StreamId));
        Assert.Contains("has no MAC", finding.Problem);
    }

    [Fact]
    public async Task An_event_slipped_in_below_the_sealed_blocks_with_a_valid_chained_hash_is_named()
    {
        // The forger knows the hash function, gives the event a correct chained hash under a sequence number no new
        // event will ever get, and moves the stream's version on.
        await TamperAsync(["""
            INSERT INTO mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                   correlation_id, causation_id, headers, user_name)
            SELECT 0, gen_random_uuid(), stream_id, 2, jsonb_set(data, '{tonnes}', '1000'), type, timestamp, tenant_id,
                   mt_dotnet_type, correlation_id, causation_id, headers, user_name
            FROM mt_events WHERE stream_id = $1 AND version = 1
            """, """
            INSERT INTO ql_event_hashes (seq_id, hash)
            SELECT e.seq_id, ql_event_hash(p.hash, e) FROM mt_events e
            JOIN mt_events pe ON pe.stream_id = e.stream_id AND pe.version = 1 JOIN ql_event_hashes p ON p.seq_id = pe.seq_id
            WHERE e.seq_id = 0 AND e.stream_id = $1
            """, "UPDATE mt_streams SET version = 2 WHERE id = $1"], second);

        var findings = await Verifier.VerifyAsync(Ct);

        Assert.All(findings, f => Assert.Equal(0L, f.Sequence));
        Assert.Contains(findings, f => f.Problem.Contains("has no MAC"));
        Assert.Contains(findings, f => f.Problem.Contains("in no sealed block"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_newest_seal_deleted_and_an_event_it_covered_changed_and_rehashed_are_both_named(bool progressSetBack)
    {
        await db.Store.AppendCommittedAsync(second, 1, new QuotaConsumed("h2", 1m, null));
        await SealAsync();
        var (block, from) = (await db.ScalarAsync<long>("SELECT max(block) FROM ql_seals"), await db.ScalarAsync<long>("SELECT max(from_seq) FROM ql_seals"));
        var altered = await SeqOf(second, 2);
        Assert.True(altered >= from);

        await TamperAsync("DELETE FROM ql_seals WHERE block = (SELECT max(block) FROM ql_seals)");
        if (progressSetBack)
            await db.ExecuteAsync("UPDATE mt_event_progression SET last_seq_id = $1 WHERE name = $2", from - 1, Sealer.ShardName);
        await TamperAsync("UPDATE mt_events SET data = jsonb_set(data, '{tonnes}', '0.01') WHERE seq_id = $1", altered);
        await RehashAsync(second, 2);

        var findings = await Verifier.VerifyAsync(Ct);

        Assert.Contains(findings, f => f.Sequence == altered && f.Problem.Contains("MAC does not match"));
        if (!progressSetBack)
            Assert.Contains(findings, f => f.Sequence == altered && f.Problem.Contains($"no seal covers it: seals after block {block - 1} were removed"));
    }

    [Fact]
    public async Task The_newest_events_removed_with_their_seals_and_streams_are_found_against_an_earlier_receipt()
    {
        var newest = Guid.NewGuid();
        await db.Store.AppendCommittedAsync(newest, 0, new QuotaGranted("h3", 3m), new QuotaConsumed("h3", 1m, null));
        await SealAsync();
        var receipt = await ReceiptAsync();
        var from = await db.ScalarAsync<long>("SELECT min(seq_id) FROM mt_events WHERE stream_id = $1", newest);

        // Everything from the newest stream on goes, as if it had never been: its events, their hashes and MACs, the
        // seals over them, its stream, the sealer's progress and the sequence.
        await TamperAsync([
            "DELETE FROM ql_seals WHERE to_seq >= $1", "DELETE FROM ql_event_macs WHERE seq_id >= $1",
            "DELETE FROM ql_event_hashes WHERE seq_id >= $1", "DELETE FROM mt_events WHERE seq_id >= $1",
            "UPDATE mt_event_progression SET last_seq_id = least(last_seq_id, $1 - 1)",
            "SELECT setval('mt_events_sequence', $1 - 1)",
        ], from);
        await TamperAsync("DELETE FROM mt_streams s WHERE NOT EXISTS (SELECT 1 FROM mt_events e WHERE e.stream_id = s.id)");
        Assert.Equal(0L, await db.StreamVersionAsync(newest));

        // The database alone cannot tell: it is consistent with a ledger that never had them.
        Assert.Empty(await Verifier.VerifyAsync(Ct));
        var finding = Assert.Single(await Verifier.VerifyAsync(Ct, receipt));
        Assert.Contains($"the receipt's block {receipt.Block}", finding.Problem);
        Assert.Contains("is gone", finding.Problem);
    }

    [Fact]
    public async Task An_event_signed_with_a_key_since_rotated_out_verifies_while_that_key_is_configured_and_is_named_once_it_is_not()
    {
        using var beforeRotation = new DocumentStore(db.Options(db.DataSource, TestKeys.BeforeRotation));
        await new MartenEventStore(beforeRotation, db.DataSource).AppendCommittedAsync(second, 1, new QuotaConsumed("h2", 1m, null));
        await SealAsync();
        var signed = await SeqOf(second, 2);
        Assert.Equal(TestKeys.RotatedOutId, await db.ScalarAsync<string>("SELECT key_id FROM ql_event_macs WHERE seq_id = $1", signed));

        Assert.Empty(await Verifier.VerifyAsync(Ct));

        var withoutTheOldKey = new LedgerVerifier(db.DataSource, db.Documents, TestKeys.CurrentOnly);
        var finding = Assert.Single(await withoutTheOldKey.VerifyAsync(Ct));
        Assert.Equal((signed, second), (finding.Sequence, finding.StreamId));
        Assert.Contains($"signed with the key '{TestKeys.RotatedOutId}', which is not configured", finding.Problem);
    }

    [Fact]
    public async Task A_MAC_moved_to_an_unknown_key_id_is_named()
    {
        var moved = await SeqOf(first, 1);
        await TamperAsync("UPDATE ql_event_macs SET key_id = 'elsewhere' WHERE seq_id = $1", moved);

        var finding = Assert.Single(await Verifier.VerifyAsync(Ct));

        Assert.Equal(moved, finding.Sequence);
        Assert.Contains("signed with the key 'elsewhere', which is not configured", finding.Problem);
    }

    [Theory]
    [InlineData("UPDATE ql_event_macs SET mac = sha256(mac)")]
    [InlineData("DELETE FROM ql_event_macs")]
    [InlineData("TRUNCATE ql_event_macs")]
    [InlineData("UPDATE ql_seals SET key_id = 'elsewhere'")]
    [InlineData("DELETE FROM ql_seals")]
    [InlineData("TRUNCATE ql_seals")]
    public async Task The_database_refuses_to_change_or_remove_a_MAC_or_a_seal(string sql)
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.RestrictViolation, e.SqlState);
        Assert.Empty(await Verifier.VerifyAsync(Ct));
    }

    [Fact]
    public async Task A_receipt_of_an_earlier_seal_still_verifies_after_more_blocks_are_sealed()
    {
        var receipt = await ReceiptAsync();
        await db.Store.AppendCommittedAsync(second, 1, new QuotaConsumed("h2", 1m, null));
        await SealAsync();

        Assert.NotEqual(receipt.Block, (await ReceiptAsync()).Block);
        Assert.Empty(await Verifier.VerifyAsync(Ct, receipt));
        Assert.Equal(receipt, SealReceipt.Parse(receipt.ToJson()));
    }

    [Fact]
    public async Task Events_appended_after_the_last_seal_are_chained_at_once_and_sealed_on_the_next_round()
    {
        var sealedUpTo = await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals");
        await db.Store.AppendCommittedAsync(second, 1, new QuotaConsumed("h2", 1m, null));
        await db.Store.AppendCommittedAsync(Guid.NewGuid(), 0, new QuotaGranted("h3", 3m), new QuotaGranted("h3", 4m));
        Assert.Equal(await db.MaxSequenceAsync(), await db.ScalarAsync<long>("SELECT max(seq_id) FROM ql_event_hashes"));
        Assert.Empty(await Verifier.VerifyAsync(Ct));

        await SealAsync();

        Assert.Equal(await db.MaxSequenceAsync(), await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));
        Assert.Equal(sealedUpTo + 1, await db.ScalarAsync<long>("SELECT min(from_seq) FROM ql_seals WHERE from_seq > $1", sealedUpTo));
        Assert.Empty(await Verifier.VerifyAsync(Ct));

        // The new block is chained to the old ones: a block sealed again over other MACs no longer fits.
        await TamperAsync("UPDATE ql_event_macs SET mac = sha256(mac) WHERE seq_id = $1", await SeqOf(first, 1));
        await TamperAsync("UPDATE ql_seals SET events_digest = ql_events_digest(from_seq, to_seq) WHERE block = 1");
        Assert.Contains(await Verifier.VerifyAsync(Ct), f => f.Problem.Contains("sealed block 1") && f.Problem.Contains("signature does not match"));
    }

    [Fact]
    public async Task The_sealer_waits_for_an_event_still_being_committed_and_seals_over_one_rolled_back()
    {
        var sealedUpTo = await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals");
        using var daemon = await db.Documents.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();

        await using var slow = await db.Store.OpenSessionAsync(Ct);
        slow.Append(Guid.NewGuid(), TestEvents.StreamType, 0, new QuotaGranted("slow", 1m));
        await slow.SaveChangesAsync(TestEvents.Metadata(), Ct);
        await using (var abandoned = await db.Store.OpenSessionAsync(Ct))
        {
            abandoned.Append(Guid.NewGuid(), TestEvents.StreamType, 0, new QuotaGranted("abandoned", 1m));
            await abandoned.SaveChangesAsync(TestEvents.Metadata(), Ct);
        }
        await db.Store.AppendCommittedAsync(Guid.NewGuid(), 0, new QuotaGranted("fast", 1m));
        var fast = await db.MaxSequenceAsync();
        Assert.Equal(sealedUpTo + 3, fast);

        // Past the time after which Marten's daemon skips a gap that no open transaction can fill any more.
        await Task.Delay(db.Documents.Options.Projections.StaleSequenceThreshold + TimeSpan.FromSeconds(1));
        Assert.Equal(sealedUpTo, await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));

        await slow.CommitAsync(Ct);
        await db.WaitForShardAsync(Sealer.ShardName, TimeSpan.FromSeconds(15));
        await daemon.StopAllAsync();

        Assert.Equal(fast, await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT sum(event_count)::bigint FROM ql_seals WHERE to_seq > $1", sealedUpTo));
        Assert.Empty(await Verifier.VerifyAsync(Ct));
    }

    /// <summary>The verifier's verdict on the events numbered <paramref name="sequences"/> only, read in one transaction.</summary>
    private async Task<RangeVerdict> VerifyEventsAsync(params long[] sequences)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        return await Verifier.VerifyEventsAsync(connection, tx, sequences, Ct);
    }

    /// <summary>Seals a second block after the first, with a new stream's events: block 1 holds the setup's events.</summary>
    private async Task<(long First, long Last)> SealSecondBlockAsync()
    {
        var third = Guid.NewGuid();
        await db.Store.AppendCommittedAsync(third, 0, new QuotaGranted("h3", 3m), new QuotaGranted("h3", 4m));
        await SealAsync();
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_seals"));
        return (await SeqOf(third, 1), await SeqOf(third, 2));
    }

    [Fact]
    public async Task The_verdict_on_some_events_checks_their_hashes_MACs_and_seals_and_names_only_what_concerns_them()
    {
        var (newFirst, newLast) = await SealSecondBlockAsync();
        var intact = await VerifyEventsAsync(newFirst, newLast);
        Assert.True(intact.Verified, string.Join("\n", intact.Findings));
        Assert.Equal(newLast, intact.SealedThrough);

        var altered = await SeqOf(first, 2);
        await TamperAsync("UPDATE mt_events SET data = jsonb_set(data, '{tonnes}', '0.05') WHERE seq_id = $1", altered);

        // Its MAC is unchanged, so neither block's digest moves: the events of block 2 still verify.
        Assert.True((await VerifyEventsAsync(newFirst, newLast)).Verified);
        var verdict = await VerifyEventsAsync(altered);
        Assert.False(verdict.Verified);
        Assert.All(verdict.Findings, f => Assert.Equal((altered, first, 2L), (f.Sequence, f.StreamId, f.Version)));
        Assert.Contains(verdict.Findings, f => f.Problem.Contains("hash does not match"));
        Assert.Contains(verdict.Findings, f => f.Problem.Contains("MAC does not match"));
    }

    [Fact]
    public async Task An_event_whose_block_holds_a_replaced_MAC_is_not_verified_though_its_own_MAC_is_intact()
    {
        var (newFirst, _) = await SealSecondBlockAsync();
        var neighbour = await SeqOf(second, 1);
        await TamperAsync("UPDATE ql_event_macs SET mac = sha256(mac) WHERE seq_id = $1", await SeqOf(first, 1));

        var verdict = await VerifyEventsAsync(neighbour);

        var finding = Assert.Single(verdict.Findings);
        Assert.Contains("sealed block 1", finding.Problem);
        Assert.Contains("no longer matches", finding.Problem);
        Assert.True((await VerifyEventsAsync(newFirst)).Verified);
    }

    [Fact]
    public async Task An_event_removed_between_the_events_verified_is_named_by_what_it_left_behind()
    {
        var (removed, kept) = (await SeqOf(first, 2), await SeqOf(first, 3));
        await TamperAsync("DELETE FROM mt_events WHERE seq_id = $1", removed);

        var verdict = await VerifyEventsAsync(await SeqOf(first, 1), kept);

        Assert.Contains(verdict.Findings, f => f.Sequence == removed && f.Problem.Contains("was removed: its hash remains"));
        Assert.Contains(verdict.Findings, f => f.Sequence == removed && f.Problem.Contains("was removed: its MAC remains"));
        Assert.Contains(verdict.Findings, f => f.Sequence == kept && f.Problem.Contains("version 2 of its stream is missing"));
        Assert.Contains(verdict.Findings, f => f.Problem.Contains("sealed block 1") && f.Problem.Contains("no longer matches"));
    }

    [Fact]
    public async Task Events_not_sealed_yet_verify_by_their_hashes_and_MACs_and_say_how_far_the_seals_reach()
    {
        var sealedUpTo = await db.MaxSequenceAsync();
        await db.Store.AppendCommittedAsync(second, 1, new QuotaConsumed("h2", 1m, null));
        var unsealed = await db.MaxSequenceAsync();

        var verdict = await VerifyEventsAsync(unsealed);

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(sealedUpTo, verdict.SealedThrough);
        await TamperAsync("UPDATE mt_events SET user_name = 'someone-else' WHERE seq_id = $1", unsealed);
        Assert.Contains((await VerifyEventsAsync(unsealed)).Findings, f => f.Sequence == unsealed && f.Problem.Contains("MAC does not match"));
    }
}
