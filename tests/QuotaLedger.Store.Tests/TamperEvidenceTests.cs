using JasperFx.Events.Projections;
using Npgsql;
using QuotaLedger.Store.Tests.Support;

namespace QuotaLedger.Store.Tests;

/// <summary>
/// Someone with SQL access changes history behind the service's back, switching off the triggers that stand in the
/// way as an attacker with that access would; the verifier names what was done. A fresh database per test, since each
/// test tampers with it.
/// </summary>
/// <remarks>
/// Not covered, because not caught yet: an event inserted with plain SQL and the hash trigger left on gets a valid
/// hash, and is sealed with the others on the next round (a later step signs the hashes with a key the database does
/// not hold).
/// </remarks>
public sealed class TamperEvidenceTests : IAsyncLifetime
{
    private static CancellationToken Ct => CancellationToken.None;
    private LedgerDatabase db = null!;
    private readonly Guid first = Guid.NewGuid(), second = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        db = await LedgerDatabase.CreateAsync(opts => opts.Projections.Add(new Sealer(), ProjectionLifecycle.Async, Sealer.Name));
        await db.Store.AppendCommittedAsync(first, 0, new QuotaGranted("h1", 1m), new QuotaConsumed("h1", 0.5m, null));
        await db.Store.AppendCommittedAsync(second, 0, new QuotaGranted("h2", 2m));
        await db.Store.AppendCommittedAsync(first, 2, new QuotaConsumed("h1", 0.25m, "late"));
        await SealAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private LedgerVerifier Verifier => new(db.DataSource);

    /// <summary>Runs Marten's daemon until the sealer has sealed every event, then stops it.</summary>
    private async Task SealAsync()
    {
        using var daemon = await db.Documents.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await db.WaitForShardAsync($"{Sealer.Name}:All", TimeSpan.FromSeconds(15));
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
        foreach (var sql in statements) await ExecuteAsync(sql, parameters);
        await ExecuteAsync("ALTER TABLE mt_events ENABLE TRIGGER ql_events_immutable, ENABLE TRIGGER ql_events_hash");
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

    [Fact]
    public async Task An_intact_history_is_hashed_and_sealed_and_has_no_findings()
    {
        Assert.Equal(await db.ColumnAsync<long>("SELECT seq_id FROM mt_events ORDER BY seq_id"),
            await db.ColumnAsync<long>("SELECT seq_id FROM ql_event_hashes ORDER BY seq_id"));
        Assert.Equal(await db.MaxSequenceAsync(), await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT min(from_seq) FROM ql_seals"));
        Assert.Empty(await Verifier.VerifyAsync(Ct));
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

        var finding = Assert.Single(await Verifier.VerifyAsync(Ct));

        Assert.Equal((altered, first, 2L), (finding.Sequence, finding.StreamId, finding.Version));
        Assert.Contains("hash does not match", finding.Problem);
    }

    [Fact]
    public async Task An_altered_event_whose_stream_chain_was_recomputed_is_caught_by_the_seals()
    {
        var altered = await SeqOf(first, 2);
        await TamperAsync("UPDATE mt_events SET data = jsonb_set(data, '{tonnes}', '0.05') WHERE seq_id = $1", altered);
        await RehashAsync(first, 2);
        await RehashAsync(first, 3);

        var finding = Assert.Single(await Verifier.VerifyAsync(Ct));

        Assert.Contains("sealed block", finding.Problem);
        Assert.True(finding.Sequence <= altered);
    }

    [Fact]
    public async Task A_deleted_event_is_named_by_the_gap_it_leaves_and_the_hash_it_leaves_behind()
    {
        var deleted = await SeqOf(first, 2);
        await TamperAsync("DELETE FROM mt_events WHERE seq_id = $1", deleted);

        var findings = await Verifier.VerifyAsync(Ct);

        var removed = Assert.Single(findings, f => f.Problem.Contains("was removed"));
        Assert.Equal(deleted, removed.Sequence);
        var gap = Assert.Single(findings, f => f.Problem.Contains("versions jump"));
        Assert.Equal((first, 3L), (gap.StreamId, gap.Version));
    }

    [Fact]
    public async Task A_deleted_event_whose_hash_was_removed_too_is_named_by_the_gap_and_the_seals()
    {
        var deleted = await SeqOf(first, 2);
        await TamperAsync(["DELETE FROM mt_events WHERE seq_id = $1", "DELETE FROM ql_event_hashes WHERE seq_id = $1"], deleted);

        var findings = await Verifier.VerifyAsync(Ct);

        Assert.Contains(findings, f => f.StreamId == first && f.Version == 3 && f.Problem.Contains("versions jump"));
        Assert.Contains(findings, f => f.Problem.Contains("sealed block"));
    }

    [Fact]
    public async Task A_deleted_last_event_with_its_stream_version_rewound_is_caught_by_the_seals()
    {
        var deleted = await SeqOf(first, 3);
        await TamperAsync(["DELETE FROM mt_events WHERE seq_id = $1", "DELETE FROM ql_event_hashes WHERE seq_id = $1"], deleted);
        await TamperAsync("UPDATE mt_streams SET version = 2 WHERE id = $1", first);

        var finding = Assert.Single(await Verifier.VerifyAsync(Ct));

        Assert.Contains("sealed block", finding.Problem);
        Assert.True(finding.Sequence <= deleted);
    }

    [Fact]
    public async Task An_inserted_event_with_a_copied_hash_is_named()
    {
        // A copy of the stream's first event as its second, with the first one's hash: neither chain nor version fit.
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
            """], second);
        var inserted = await SeqOf(second, 2);

        var findings = await Verifier.VerifyAsync(Ct);

        Assert.Equal(inserted, findings[0].Sequence);
        Assert.Contains("hash does not match", findings[0].Problem);
        Assert.Contains(findings, f => f.StreamId == second && f.Problem.Contains("stream is at version 1 but its last event is version 2"));
    }

    [Fact]
    public async Task An_event_slipped_in_below_the_sealed_blocks_with_a_valid_chained_hash_is_named()
    {
        // The forger knows the hash function, gives the event a correct chained hash under a sequence number no new
        // event will ever get, and moves the stream's version on: only the seals can tell.
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

        Assert.Equal(0L, Assert.Single(findings).Sequence);
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

        // The new block is chained to the old ones: altering an event of the first block still shows.
        await TamperAsync("UPDATE mt_events SET data = jsonb_set(data, '{tonnes}', '9') WHERE seq_id = $1", await SeqOf(first, 1));
        await RehashAsync(first, 1);
        await RehashAsync(first, 2);
        await RehashAsync(first, 3);
        Assert.Contains(await Verifier.VerifyAsync(Ct), f => f.Problem.Contains("sealed block"));
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
        await db.WaitForShardAsync($"{Sealer.Name}:All", TimeSpan.FromSeconds(15));
        await daemon.StopAllAsync();

        Assert.Equal(fast, await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT sum(event_count)::bigint FROM ql_seals WHERE to_seq > $1", sealedUpTo));
        Assert.Empty(await Verifier.VerifyAsync(Ct));
    }
}
