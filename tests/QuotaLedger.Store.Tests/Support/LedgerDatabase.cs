using System.Text.Json;
using Marten;
using Npgsql;
using QuotaLedger.Testing;

namespace QuotaLedger.Store.Tests.Support;

/// <summary>
/// A fresh, uniquely named PostgreSQL database on the test server, migrated by Marten with QuotaLedger's configuration
/// (<see cref="MartenSetup.Configure"/>) plus whatever a test class adds in <see cref="Configure"/>, and dropped at the
/// end. An xunit class fixture (<c>IClassFixture&lt;LedgerDatabase&gt;</c> or a subclass: one database per test class),
/// or one of a test's own through <see cref="CreateAsync"/> with <c>await using</c>.
/// </summary>
/// <remarks>
/// A fresh database rather than Marten's cleaning calls: the immutability triggers refuse those. The server is the shared test server
/// (<see cref="TestPostgres"/>).
/// </remarks>
public class LedgerDatabase : IAsyncLifetime, IAsyncDisposable
{
    private NpgsqlDataSource? dataSource;
    private DocumentStore? documents;
    private bool dropped;

    public LedgerDatabase()
    {
        Name = TestPostgres.NewDatabaseName("ql_store_test");
        // A short command timeout: a test that deadlocks on a lock fails in seconds instead of hanging.
        ConnectionString = TestPostgres.ConnectionStringFor(Name, c => c.CommandTimeout = 10);
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource => dataSource ?? throw NotCreated();
    public DocumentStore Documents => documents ?? throw NotCreated();
    public IEventStore Store => new MartenEventStore(Documents, DataSource);

    /// <summary>The keys the tests' events and seals are signed with: <see cref="TestKeys.Current"/>, and one rotated out.</summary>
    public TamperEvidenceKeys Keys => TestKeys.Both;

    /// <summary>The verifier of <c>./run.sh verify</c>, with the keys this database was signed with.</summary>
    public LedgerVerifier Verifier => new(DataSource, Documents, Keys);

    private static InvalidOperationException NotCreated() => new("The database is not created yet (InitializeAsync).");

    /// <summary>
    /// A database of one's own, for a test that tampers with it or builds it itself (<paramref name="migrate"/> false);
    /// dispose it to drop it.
    /// </summary>
    public static async Task<LedgerDatabase> CreateAsync(Action<StoreOptions>? configure = null, bool migrate = true)
    {
        var database = new ConfiguredDatabase(configure ?? (_ => { }), migrate);
        try
        {
            await database.InitializeAsync();
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
        return database;
    }

    /// <summary>Whether <see cref="InitializeAsync"/> builds the schema.</summary>
    protected virtual bool Migrate => true;

    /// <summary>What a test class adds to QuotaLedger's configuration: its projections and their tables.</summary>
    protected virtual void Configure(StoreOptions opts) { }

    /// <summary>
    /// QuotaLedger's configuration with the test events and this fixture's additions, on <paramref name="source"/>, signing
    /// with <paramref name="keys"/> (default <see cref="Keys"/>).
    /// </summary>
    public StoreOptions Options(NpgsqlDataSource source, TamperEvidenceKeys? keys = null)
    {
        var opts = new StoreOptions();
        MartenSetup.Configure(opts, source, new JsonSerializerOptions(JsonSerializerDefaults.Web), TestEvents.Types, keys ?? Keys);
        Configure(opts);
        return opts;
    }

    public async Task InitializeAsync()
    {
        await TestPostgres.CreateDatabaseAsync(Name);
        // As the service builds it (prepared statements, no reset on close), so that the store is tested as it runs.
        dataSource = StoreDataSource.Create(ConnectionString);
        documents = new DocumentStore(Options(dataSource));
        if (Migrate) await documents.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    /// <summary>Runs one statement in the database, outside any session.</summary>
    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row of a query (default when there is no row or it is NULL).</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        return await cmd.ExecuteScalarAsync() is T value ? value : default;
    }

    /// <summary>The first column of every row of a query.</summary>
    public async Task<List<T>> ColumnAsync<T>(string sql, params object[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        var values = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    /// <summary>The stream's version in <c>mt_streams</c>, 0 when there is no such stream.</summary>
    public async Task<long> StreamVersionAsync(Guid stream) =>
        await ScalarAsync<long>("SELECT version FROM mt_streams WHERE id = $1", stream);

    public async Task<long> MaxSequenceAsync() => await ScalarAsync<long>("SELECT coalesce(max(seq_id), 0) FROM mt_events");

    /// <summary>Waits until the backend <paramref name="pid"/> is blocked on a lock (bounded).</summary>
    public async Task WaitUntilBlockedOnLockAsync(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await ScalarAsync<string>("SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1", pid) != "Lock")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Backend {pid} never waited on a lock.");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Waits (bounded) until Marten's daemon has recorded progress for the shard <paramref name="shard"/> up to the last
    /// event, e.g. "Sealer:All".
    /// </summary>
    public async Task WaitForShardAsync(string shard, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var target = await MaxSequenceAsync();
            var reached = await ScalarAsync<long>("SELECT coalesce(max(last_seq_id), 0) FROM mt_event_progression WHERE name = $1", shard);
            if (reached >= target) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The daemon's shard {shard} is at event #{reached}, not #{target}, after {timeout}.");
            await Task.Delay(50);
        }
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (dropped) return;
        dropped = true;
        documents?.Dispose();
        if (dataSource is not null) await dataSource.DisposeAsync();
        // FORCE ends any connection a failed test left behind (e.g. an abandoned session or a daemon).
        await TestPostgres.DropDatabaseAsync(Name);
    }


    private sealed class ConfiguredDatabase(Action<StoreOptions> configure, bool migrate) : LedgerDatabase
    {
        protected override bool Migrate => migrate;
        protected override void Configure(StoreOptions opts) => configure(opts);
    }
}
