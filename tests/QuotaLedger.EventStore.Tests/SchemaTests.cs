using Npgsql;
using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

public sealed class SchemaTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [InlineData("UPDATE ql_events SET reason = 'rewritten' WHERE stream_id = $1")]
    [InlineData("UPDATE ql_events SET data = '{}' WHERE stream_id = $1")]
    [InlineData("DELETE FROM ql_events WHERE stream_id = $1")]
    [InlineData("TRUNCATE ql_events, ql_streams")]
    public async Task Recorded_events_can_be_neither_changed_nor_deleted(string sql)
    {
        var stream = Guid.NewGuid();
        await TestStore.AppendCommittedAsync(TestStore.Store(db.DataSource), stream, 0, new QuotaGranted("h", 1m));

        var e = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(sql, sql.Contains("$1") ? [stream] : []));
        Assert.Equal(PostgresErrorCodes.RestrictViolation, e.SqlState);

        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_events WHERE stream_id = $1 AND reason = 'test' AND data <> '{}'", stream));
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_again_changes_nothing()
    {
        var stream = Guid.NewGuid();
        await TestStore.AppendCommittedAsync(TestStore.Store(db.DataSource), stream, 0, new QuotaGranted("h", 1m));

        // The fixture migrated once already.
        await SchemaMigrator.MigrateAsync(db.DataSource, EventStoreSchema.Migrations, Ct);
        await SchemaMigrator.MigrateAsync(db.DataSource, EventStoreSchema.Migrations, Ct);

        Assert.Equal(EventStoreSchema.Migrations.Select(m => m.Id), await db.ColumnAsync<int>("SELECT id FROM ql_schema_migrations ORDER BY id"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_events WHERE stream_id = $1", stream));
    }

    [Fact]
    public async Task Instances_migrating_a_new_database_at_the_same_time_apply_each_migration_once()
    {
        await using var fresh = await PostgresDatabase.CreateAsync(migrate: false);
        // A second step that fails if it runs twice, like the first (CREATE TABLE without IF NOT EXISTS).
        Migration[] migrations = [.. EventStoreSchema.Migrations, new(100, "read model", "CREATE TABLE test_read_model (id int PRIMARY KEY)")];

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var instances = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(async () => { await start.Task; await SchemaMigrator.MigrateAsync(fresh.DataSource, migrations, Ct); }))
            .ToArray();
        start.SetResult();
        await Task.WhenAll(instances);

        Assert.Equal(migrations.Select(m => m.Id), await fresh.ColumnAsync<int>("SELECT id FROM ql_schema_migrations ORDER BY id"));
        Assert.Equal(["ql_events", "ql_progress", "ql_schema_migrations", "ql_seals", "ql_streams", "test_read_model"],
            await fresh.ColumnAsync<string>("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"));

        // The migrated database works, and a later start-up with the same steps is a no-op.
        await TestStore.AppendCommittedAsync(TestStore.Store(fresh.DataSource), Guid.NewGuid(), 0, new QuotaGranted("h", 1m));
        await SchemaMigrator.MigrateAsync(fresh.DataSource, migrations, Ct);
        Assert.Equal((long)migrations.Length, await fresh.ScalarAsync<long>("SELECT count(*) FROM ql_schema_migrations"));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole_and_retried_at_the_next_start()
    {
        await using var fresh = await PostgresDatabase.CreateAsync(migrate: false);
        Migration[] broken = [.. EventStoreSchema.Migrations, new(100, "broken", "CREATE TABLE half_done (id int); SELECT 1/0")];

        await Assert.ThrowsAsync<PostgresException>(() => SchemaMigrator.MigrateAsync(fresh.DataSource, broken, Ct));
        Assert.Equal(0L, await fresh.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        Migration[] fixedSteps = [.. EventStoreSchema.Migrations, new(100, "fixed", "CREATE TABLE half_done (id int)")];
        await SchemaMigrator.MigrateAsync(fresh.DataSource, fixedSteps, Ct);
        Assert.Equal(fixedSteps.Select(m => m.Id), await fresh.ColumnAsync<int>("SELECT id FROM ql_schema_migrations ORDER BY id"));
    }
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

        var connectionString = new NpgsqlConnectionStringBuilder(PostgresDatabase.ServerConnectionString)
        {
            Host = "127.0.0.1", Port = port, Database = "ql_nowhere", Timeout = 5, Pooling = false,
        }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = TestStore.Store(dataSource);

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.OpenSessionAsync(CancellationToken.None));
        Assert.IsAssignableFrom<NpgsqlException>(e.InnerException);
    }
}
