using Marten;
using Npgsql;
using QuotaLedger.Store.Tests.Support;
using QuotaLedger.Testing;
using Weasel.Core;

namespace QuotaLedger.Store.Tests;

public sealed class ImmutabilityTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [Theory]
    [InlineData("UPDATE mt_events SET headers = jsonb_set(headers, '{reason}', '\"rewritten\"') WHERE stream_id = $1")]
    [InlineData("UPDATE mt_events SET data = '{}' WHERE stream_id = $1")]
    [InlineData("DELETE FROM mt_events WHERE stream_id = $1")]
    [InlineData("DELETE FROM mt_streams WHERE id = $1")]
    [InlineData("TRUNCATE mt_events")]
    [InlineData("TRUNCATE mt_streams CASCADE")]
    public async Task Recorded_events_can_be_neither_changed_nor_removed(string sql)
    {
        var stream = Guid.NewGuid();
        await db.Store.AppendCommittedAsync(stream, 0, new QuotaGranted("h", 1m));

        var e = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(sql, sql.Contains("$1") ? [stream] : []));
        Assert.Equal(PostgresErrorCodes.RestrictViolation, e.SqlState);

        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE stream_id = $1 AND headers->>'reason' = 'test' AND data->>'holder' = 'h'", stream));
    }
}

public sealed class SchemaTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private static readonly string[] TamperEvidenceTriggers = ["ql_events_hash", "ql_events_immutable", "ql_events_not_truncated"];

    [Fact]
    public async Task Applying_the_configuration_again_to_an_up_to_date_database_finds_nothing_to_change_and_keeps_the_triggers()
    {
        var stream = Guid.NewGuid();
        await db.Store.AppendCommittedAsync(stream, 0, new QuotaGranted("h", 1m));

        // A later start-up of the service: another store on the same configuration.
        using (var again = new DocumentStore(db.Options(db.DataSource)))
        {
            Assert.Equal(SchemaPatchDifference.None, (await again.Storage.Database.CreateMigrationAsync()).Difference);
            await again.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }

        Assert.Equal(TamperEvidenceTriggers, await TriggersAsync(db));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = $1", stream));
        // And the hash chain still runs.
        await db.Store.AppendCommittedAsync(stream, 1, new QuotaGranted("h", 2m));
        Assert.Empty(await db.Verifier.VerifyAsync(CancellationToken.None));
        Assert.Equal(2L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM ql_event_hashes h JOIN mt_events e USING (seq_id) WHERE e.stream_id = $1", stream));
    }

    [Fact]
    public async Task Instances_starting_on_a_new_database_at_the_same_time_all_start_and_build_it_once()
    {
        await using var empty = await LedgerDatabase.CreateAsync(migrate: false);
        // As the service starts: Marten applies the configuration at host start-up (ApplyAllDatabaseChangesOnStartup).
        var instances = Enumerable.Range(0, 3).Select(i => new LedgerHost(empty, $"instance-{i}", daemon: false)).ToArray();
        try
        {
            await Task.WhenAll(instances.Select(i => Task.Run(i.StartAsync)));

            Assert.Equal(SchemaPatchDifference.None, (await empty.Documents.Storage.Database.CreateMigrationAsync()).Difference);
            Assert.Equal(TamperEvidenceTriggers, await TriggersAsync(empty));
            var stream = Guid.NewGuid();
            await instances[0].Store.AppendCommittedAsync(stream, 0, new QuotaGranted("h", 1m));
            await instances[2].Store.AppendCommittedAsync(stream, 1, new QuotaGranted("h", 2m));
            Assert.Equal(2, (await instances[1].Store.FetchAsync(stream)).Count);
            Assert.Empty(await empty.Verifier.VerifyAsync(CancellationToken.None));
        }
        finally
        {
            foreach (var instance in instances) await instance.DisposeAsync();
        }
    }

    private static Task<List<string>> TriggersAsync(LedgerDatabase database) => database.ColumnAsync<string>(
        "SELECT tgname::text FROM pg_trigger WHERE tgrelid = 'public.mt_events'::regclass AND NOT tgisinternal ORDER BY 1");
}

public sealed class StoreUnavailableTests
{
    [Fact]
    public async Task Opening_a_session_when_the_database_cannot_be_reached_raises_StoreUnavailableException()
    {
        // A port where nothing listens: taken from the OS, then released.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString)
        {
            Host = "127.0.0.1", Port = port, Database = "ql_nowhere", Timeout = 5, Pooling = false,
        }.ConnectionString;
        await using var dataSource = StoreDataSource.Create(connectionString);
        var opts = new StoreOptions();
        MartenSetup.Configure(opts, dataSource, new(), TestEvents.Types, TestKeys.Both);
        using var documents = new DocumentStore(opts);
        var store = new MartenEventStore(documents, dataSource);

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.OpenSessionAsync(CancellationToken.None));
        Assert.IsAssignableFrom<NpgsqlException>(e.InnerException);
    }
}
