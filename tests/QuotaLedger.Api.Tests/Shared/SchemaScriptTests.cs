using Marten;
using Npgsql;
using QuotaLedger.Api.Shared.Commands;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Testing;
using Weasel.Core;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>The creation script a DBA reviews is the whole schema: run on an empty database, nothing is left to migrate.</summary>
public sealed class SchemaScriptTests
{
    [Fact]
    public async Task The_schema_script_builds_a_database_that_Marten_finds_up_to_date()
    {
        var file = Path.Combine(Path.GetTempPath(), $"quotaledger-schema-{Guid.NewGuid():N}.sql");
        var database = TestPostgres.NewDatabaseName("ql_api_schema");
        await TestPostgres.CreateDatabaseAsync(database);
        try
        {
            Assert.Equal(0, await SchemaScriptCommand.RunAsync([file]));
            var script = await File.ReadAllTextAsync(file);
            foreach (var part in new[] { "mt_events", "mt_doc_transfer", "ql_balances", "ql_event_hashes", "ql_event_macs", "ql_seals", "ql_events_immutable" })
                Assert.Contains(part, script);

            await using var dataSource = NpgsqlDataSource.Create(
                TestPostgres.ConnectionStringFor(database));
            await using (var apply = dataSource.CreateCommand(script)) await apply.ExecuteNonQueryAsync();
            await using var store = new DocumentStore(DependencyInjection.StoreOptionsFor(dataSource, RegionCatalog.InnerMongolia, LedgerApi.Keys));
            var migration = await store.Storage.Database.CreateMigrationAsync();

            Assert.Equal(SchemaPatchDifference.None, migration.Difference);
        }
        finally
        {
            File.Delete(file);
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(database);
        }
    }
}
