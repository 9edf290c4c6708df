using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

/// <summary>
/// Someone with SQL access changes history behind the service's back (with triggers off, as an attacker would); the
/// verifier names the first event concerned. A fresh database per test, since each test tampers with it.
/// </summary>
[Collection(SnapshotHorizonCollection.Name)]
public sealed class TamperEvidenceTests : IAsyncLifetime
{
    private static CancellationToken Ct => CancellationToken.None;
    private PostgresDatabase db = null!;
    private readonly Guid first = Guid.NewGuid(), second = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        db = await PostgresDatabase.CreateAsync();
        var store = TestStore.Store(db.DataSource);
        await TestStore.AppendCommittedAsync(store, first, 0, new QuotaGranted("h1", 1m), new QuotaConsumed("h1", 0.5m, null));
        await TestStore.AppendCommittedAsync(store, second, 0, new QuotaGranted("h2", 2m));
        await TestStore.AppendCommittedAsync(store, first, 2, new QuotaConsumed("h1", 0.25m, "late"));
        await SealAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private LedgerVerifier Verifier => new(db.DataSource);

    private async Task SealAsync()
    {
        await TestStore.WaitForOlderTransactionsToEndAsync(db);
        await new ProjectionDaemon(db.DataSource, TestStore.Registry(), [new Sealer()]).CatchUpAsync(Ct);
    }

    private Task<long> SeqOf(Guid stream, long version) =>
        db.ScalarAsync<long>("SELECT seq_id FROM ql_events WHERE stream_id = $1 AND version = $2", stream, version);

    /// <summary>Runs SQL as an attacker with triggers switched off (the immutability trigger and the hash trigger).</summary>
    private async Task TamperAsync(string sql, params object[] parameters)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var off = new Npgsql.NpgsqlCommand("SET LOCAL session_replication_role = replica", connection, tx))
            await off.ExecuteNonQueryAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, connection, tx);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    [Fact]
    public async Task An_intact_history_has_hashes_and_seals_and_no_findings()
    {
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_events WHERE hash IS NULL"));
        Assert.True(await db.ScalarAsync<long>("SELECT count(*) FROM ql_seals") >= 1);
        Assert.Equal(await TestStore.MaxSequenceAsync(db), await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));
        Assert.Empty(await Verifier.VerifyAsync(Ct));
    }

    [Fact]
    public async Task An_altered_event_is_named()
    {
        var altered = await SeqOf(first, 2);
        await TamperAsync("UPDATE ql_events SET data = jsonb_set(data, '{tonnes}', '0.05') WHERE seq_id = $1", altered);

        var findings = await Verifier.VerifyAsync(Ct);

        var finding = Assert.Single(findings);
        Assert.Equal(altered, finding.Sequence);
        Assert.Contains("hash does not match", finding.Problem);
    }

    [Fact]
    public async Task An_altered_event_whose_stream_chain_was_recomputed_is_caught_by_the_seals()
    {
        var altered = await SeqOf(first, 2);
        await TamperAsync("UPDATE ql_events SET data = jsonb_set(data, '{tonnes}', '0.05') WHERE seq_id = $1", altered);
        await TamperAsync("""
            UPDATE ql_events e SET hash = ql_event_hash((SELECT hash FROM ql_events p WHERE p.stream_id = e.stream_id AND p.version = e.version - 1), e)
            WHERE stream_id = $1 AND version = 2
            """, first);
        await TamperAsync("""
            UPDATE ql_events e SET hash = ql_event_hash((SELECT hash FROM ql_events p WHERE p.stream_id = e.stream_id AND p.version = e.version - 1), e)
            WHERE stream_id = $1 AND version = 3
            """, first);

        var findings = await Verifier.VerifyAsync(Ct);

        var finding = Assert.Single(findings);
        Assert.Contains("sealed block", finding.Problem);
        Assert.True(finding.Sequence <= altered);
    }

    [Fact]
    public async Task A_changed_actor_or_reason_is_caught_too()
    {
        var altered = await SeqOf(second, 1);
        await TamperAsync("UPDATE ql_events SET actor = 'someone-else' WHERE seq_id = $1", altered);

        Assert.Equal(altered, (await Verifier.VerifyAsync(Ct))[0].Sequence);
    }

    [Fact]
    public async Task A_deleted_event_is_named_by_the_gap_it_leaves()
    {
        var deleted = await SeqOf(first, 2);
        await TamperAsync("DELETE FROM ql_events WHERE seq_id = $1", deleted);

        var findings = await Verifier.VerifyAsync(Ct);

        var gap = Assert.Single(findings, f => f.Problem.Contains("versions jump"));
        Assert.Equal(first, gap.StreamId);
        Assert.Equal(3, gap.Version);
        Assert.Contains(findings, f => f.Problem.Contains("sealed block"));
    }

    [Fact]
    public async Task A_deleted_last_event_with_its_stream_version_rewound_is_caught_by_the_seals()
    {
        await TamperAsync("DELETE FROM ql_events WHERE stream_id = $1 AND version = 3", first);
        await TamperAsync("UPDATE ql_streams SET version = 2 WHERE id = $1", first);

        var findings = await Verifier.VerifyAsync(Ct);

        Assert.Contains(findings, f => f.Problem.Contains("sealed block"));
        Assert.DoesNotContain(findings, f => f.StreamId == first && f.Problem.Contains("versions jump"));
    }

    [Fact]
    public async Task An_inserted_event_with_a_forged_hash_is_named()
    {
        // The forger even computes a chained hash; the stream's version and the seals still give it away.
        await TamperAsync("""
            INSERT INTO ql_events (seq_id, id, stream_id, version, type, data, timestamp, correlation_id, actor, organisation, reason, hash)
            SELECT 0, gen_random_uuid(), stream_id, 2, type, data, timestamp, correlation_id, actor, organisation, reason, hash
            FROM ql_events WHERE stream_id = $1 AND version = 1
            """, second);

        var findings = await Verifier.VerifyAsync(Ct);

        Assert.Equal(0L, findings[0].Sequence);
        Assert.Contains(findings, f => f.StreamId == second && f.Problem.Contains("stream is at version 1"));
        Assert.Contains(findings, f => f.Problem.Contains("in no sealed block"));
    }

    [Fact]
    public async Task Events_appended_after_the_last_seal_are_chained_and_sealed_on_the_next_round()
    {
        await TestStore.AppendCommittedAsync(TestStore.Store(db.DataSource), second, 1, new QuotaConsumed("h2", 1m, null));
        Assert.Empty(await Verifier.VerifyAsync(Ct));

        await SealAsync();

        Assert.Equal(await TestStore.MaxSequenceAsync(db), await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));
        Assert.Empty(await Verifier.VerifyAsync(Ct));
    }
}
