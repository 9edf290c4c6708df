using System.Text.Json;
using Npgsql;
using QuotaLedger.Api.Shared.Commands;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Store;
using QuotaLedger.Testing;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// A database kept by QuotaLedger's own event store, before Marten: the service refuses to start on it, and
/// import-legacy-store moves it onto Marten with every stream, version, timestamp and piece of metadata kept.
/// </summary>
public sealed class LegacyStoreImportTests
{
    private const string From = "150102", To = "150103", Prefecture = "150100";

    [Fact]
    public async Task A_legacy_database_is_refused_at_start_and_after_the_import_answers_as_it_did()
    {
        // Given a ledger's story, and the same events kept by the legacy store in a database of their own.
        await using var original = new LedgerApi();
        await ((IAsyncLifetime)original).InitializeAsync();
        await original.IssueLotAsync(From, QuotaKind.Replenishment, Replenishment(100, 50_000, 10));
        var transfer = await original.County(From).ProposeTransferAsync(From, To, QuotaKind.Replenishment, Replenishment(20, 10_000, 0));
        await original.Prefecture(Prefecture).ApproveTransferAsync(transfer);
        var before = await ViewsAsync(original, transfer);
        var legacy = await LegacyDatabase.CopyOfAsync(original);

        // The service will not start on it as it is.
        await using (var refused = LedgerApi.Over(legacy))
            Assert.ThrowsAny<Exception>(() => refused.Server);

        // When it is imported, then the service starts on it and answers as the original did.
        Assert.Equal(0, await ImportLegacyStoreCommand.RunAsync(TestPostgres.ConnectionStringFor(legacy), LedgerApi.Keys));
        await using var imported = LedgerApi.Over(legacy);
        await ((IAsyncLifetime)imported).InitializeAsync();
        Assert.Equal(before, await ViewsAsync(imported, transfer));

        // The imported streams take new events at their next versions, and the old tables are kept aside.
        var back = await imported.County(To).ProposeTransferAsync(To, From, QuotaKind.Replenishment, Replenishment(5, 0, 0));
        await imported.Prefecture(Prefecture).ApproveTransferAsync(back);
        Assert.True(await imported.ScalarAsync<long>($"SELECT count(*) FROM {LegacyStore.LegacySchema}.ql_events") > 0);
        Assert.Empty(await imported.VerifyAsync());
    }

    [Fact]
    public async Task A_legacy_store_whose_history_was_altered_is_not_imported()
    {
        await using var original = new LedgerApi();
        await ((IAsyncLifetime)original).InitializeAsync();
        await original.IssueLotAsync(From, QuotaKind.LinkageSurplus, Area(30));
        var legacy = await LegacyDatabase.CopyOfAsync(original);
        await using var dataSource = NpgsqlDataSource.Create(TestPostgres.ConnectionStringFor(legacy));
        await using (var alter = dataSource.CreateCommand("""
            ALTER TABLE ql_events DISABLE TRIGGER ql_events_immutable;
            UPDATE ql_events SET data = jsonb_set(data, '{amount,area}', '3000') WHERE type = 'lot_issued';
            ALTER TABLE ql_events ENABLE TRIGGER ql_events_immutable;
            """))
            await alter.ExecuteNonQueryAsync();

        try
        {
            Assert.Equal(1, await ImportLegacyStoreCommand.RunAsync(TestPostgres.ConnectionStringFor(legacy), LedgerApi.Keys));
            Assert.True(await LegacyStore.IsPresentAsync(dataSource, CancellationToken.None)); // nothing was moved
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(legacy);
        }
    }

    /// <summary>What users see of the story: balances, histories, the lots and the transfer, as JSON.</summary>
    private static async Task<string> ViewsAsync(LedgerApi api, Guid transfer)
    {
        var centre = api.Centre();
        var views = new List<JsonElement>();
        foreach (var holder in new[] { From, To })
            foreach (var what in new[] { "balances", "history?limit=500", "lots" })
                views.Add(await centre.GetJsonAsync($"{Holder(holder)}/{what}"));
        views.Add(await centre.GetJsonAsync($"{Transfers}/{transfer}?history=true"));
        return JsonSerializer.Serialize(views);
    }
}

/// <summary>A database in the legacy store's shape (Legacy/legacy-store.sql), holding another ledger's events.</summary>
internal static class LegacyDatabase
{
    /// <summary>
    /// A new legacy database with the streams, events (as the legacy store recorded them, its trigger chaining them)
    /// and idempotency records of <paramref name="source"/>'s Marten tables.
    /// </summary>
    public static async Task<string> CopyOfAsync(LedgerApi source)
    {
        var name = TestPostgres.NewDatabaseName("ql_api_legacy");
        await TestPostgres.CreateDatabaseAsync(name);
        await using var target = new NpgsqlConnection(TestPostgres.ConnectionStringFor(name));
        await target.OpenAsync();
        await using (var schema = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Shared", "Legacy", "legacy-store.sql")), target))
            await schema.ExecuteNonQueryAsync();

        await using var from = new NpgsqlConnection(source.ConnectionString);
        await from.OpenAsync();
        await CopyAsync(from, target, $"""
            SELECT id, type, version, created, timestamp FROM mt_streams WHERE type IS NOT NULL
            """, "INSERT INTO ql_streams (id, type, version, created, timestamp) VALUES ($1, $2, $3, $4, $5)");
        await CopyAsync(from, target, $"""
            SELECT seq_id, id, stream_id, version, type, data::text, timestamp, correlation_id::uuid, causation_id::uuid,
                   user_name, headers->>'organisation', headers->>'reason'
            FROM mt_events e WHERE {MartenSetup.IsLedgerEvent("e")} ORDER BY seq_id
            """, """
            INSERT INTO ql_events (seq_id, id, stream_id, version, type, data, timestamp, correlation_id, causation_id, actor, organisation, reason)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12)
            """);
        await CopyAsync(from, target, "SELECT principal, key, request_hash, response::text FROM ql_idempotency",
            "INSERT INTO ql_idempotency (principal, key, request_hash, response) VALUES ($1, $2, $3, $4::jsonb)");
        await using (var sequence = new NpgsqlCommand("SELECT setval('ql_events_seq', (SELECT max(seq_id) FROM ql_events))", target))
            await sequence.ExecuteNonQueryAsync();
        return name;
    }

    private static async Task CopyAsync(NpgsqlConnection from, NpgsqlConnection to, string select, string insert)
    {
        var rows = new List<object[]>();
        await using (var read = new NpgsqlCommand(select, from))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var row = new object[reader.FieldCount];
                reader.GetValues(row);
                rows.Add(row);
            }
        foreach (var row in rows)
        {
            await using var write = new NpgsqlCommand(insert, to);
            foreach (var value in row) write.Parameters.AddWithValue(value);
            await write.ExecuteNonQueryAsync();
        }
    }
}
