using Marten;
using Npgsql;
using QuotaLedger.Store.Tests.Support;
using Weasel.Core;

namespace QuotaLedger.Store.Tests;

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
    public async Task A_migration_that_adds_a_column_to_the_events_while_a_running_instance_has_its_statements_prepared_breaks_none_of_them()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        // The running instance, on one connection, so that every statement runs, and is prepared, on the same one.
        await using var dataSource = StoreDataSource.Create(db.ConnectionString + ";Maximum Pool Size=1");
        using var running = new DocumentStore(db.Options(dataSource));
        var store = new MartenEventStore(running, dataSource);
        var stream = Guid.NewGuid();
        for (var version = 0; version < 3; version++)
        {
            await store.AppendCommittedAsync(stream, version, new QuotaGranted("h", version));
            await store.FetchAsync(stream);
        }
        await using (var prepared = dataSource.CreateCommand(
                         "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%mt_events%' OR statement LIKE '%mt_streams%'"))
            Assert.True((long)(await prepared.ExecuteScalarAsync())! >= 3, "the store's statements should be prepared by now");

        // A new version of the service starts with a configuration that adds a column to mt_events.
        var upgraded = db.Options(db.DataSource);
        upgraded.Events.EnableEventSkippingInProjectionsOrSubscriptions = true;
        using (var next = new DocumentStore(upgraded))
        {
            Assert.NotEqual(SchemaPatchDifference.None, (await next.Storage.Database.CreateMigrationAsync()).Difference);
            await next.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }
        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'mt_events' AND column_name = 'is_skipped'"));

        await store.AppendCommittedAsync(stream, 3, new QuotaGranted("h", 3));
        Assert.Equal([0m, 1m, 2m, 3m], (await store.FetchAsync(stream)).Select(e => ((QuotaGranted)e.Data).Tonnes));
        Assert.Empty(await db.Verifier.VerifyAsync(CancellationToken.None));
    }
}
