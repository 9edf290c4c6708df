using Npgsql;
using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

public sealed class StoreDataSourceTests
{
    [Fact]
    public void Statements_are_prepared_and_pooled_connections_not_reset_unless_the_connection_string_says_otherwise()
    {
        using var defaulted = StoreDataSource.Create("Host=db.example;Database=ledger;Maximum Pool Size=7");
        var settings = new NpgsqlConnectionStringBuilder(defaulted.ConnectionString);
        Assert.Equal((64, 2, true, 7), (settings.MaxAutoPrepare, settings.AutoPrepareMinUsages, settings.NoResetOnClose, settings.MaxPoolSize));

        using var chosen = StoreDataSource.Create("Host=db.example;Database=ledger;maxautoprepare=0;AUTO PREPARE MIN USAGES=5;No Reset On Close=false");
        settings = new NpgsqlConnectionStringBuilder(chosen.ConnectionString);
        Assert.Equal((0, 5, false), (settings.MaxAutoPrepare, settings.AutoPrepareMinUsages, settings.NoResetOnClose));
    }

    [Fact]
    public async Task A_migration_that_adds_columns_while_the_store_s_statements_are_prepared_breaks_no_append_or_fetch()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        // One connection, so that every statement runs, and is prepared, on the same one.
        await using var dataSource = StoreDataSource.Create(db.ConnectionString + ";Maximum Pool Size=1");
        var store = TestStore.Store(dataSource);
        var stream = Guid.NewGuid();
        for (var version = 0; version < 3; version++)
        {
            await TestStore.AppendCommittedAsync(store, stream, version, new QuotaGranted("h", version));
            await FetchAsync(store, stream);
        }
        await using (var prepared = dataSource.CreateCommand(
                         "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%ql_streams%' OR statement LIKE '%ql_events%'"))
            Assert.True((long)(await prepared.ExecuteScalarAsync())! >= 3, "the store's statements should be prepared by now");

        await SchemaMigrator.MigrateAsync(dataSource,
            [.. EventStoreSchema.Migrations, new(100, "notes", "ALTER TABLE ql_streams ADD COLUMN note text; ALTER TABLE ql_events ADD COLUMN note text")],
            CancellationToken.None);

        await TestStore.AppendCommittedAsync(store, stream, 3, new QuotaGranted("h", 3));
        Assert.Equal([0m, 1m, 2m, 3m], (await FetchAsync(store, stream)).Select(e => ((QuotaGranted)e.Data).Tonnes));
    }

    private static async Task<IReadOnlyList<RecordedEvent>> FetchAsync(IEventStore store, Guid stream)
    {
        await using var session = await store.OpenSessionAsync(CancellationToken.None);
        return await session.FetchStreamAsync(stream, CancellationToken.None);
    }
}
