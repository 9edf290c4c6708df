using Npgsql;
using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

/// <summary>
/// A fresh, uniquely named PostgreSQL database on the test server, migrated to the event store schema and dropped
/// at the end. Used as an xunit class fixture (<c>IClassFixture&lt;PostgresDatabase&gt;</c>: one database per test
/// class) or, for a test that needs a database of its own, through <see cref="CreateAsync"/> with <c>await using</c>.
/// </summary>
/// <remarks>
/// The server comes from <c>QUOTALEDGER_TEST_PG</c> (a base connection string without a database, exported by
/// <c>test.sh</c>); without it, the local test cluster started by <c>scripts/postgres.sh .data/pg-test 55439</c>.
/// </remarks>
public class PostgresDatabase : IAsyncLifetime, IAsyncDisposable
{
    public const string ServerVariable = "QUOTALEDGER_TEST_PG";
    public const string DefaultServer = "Host=127.0.0.1;Port=55439;Username=postgres";

    private readonly bool migrate;
    private NpgsqlDataSource? dataSource;
    private bool dropped;

    /// <summary>For xunit: a database migrated with <see cref="EventStoreSchema.Migrations"/>.</summary>
    public PostgresDatabase() : this(migrate: true) { }

    protected PostgresDatabase(bool migrate)
    {
        this.migrate = migrate;
        Name = $"ql_test_{Guid.NewGuid():N}";
        // A short command timeout: a test that deadlocks on a lock fails in seconds instead of hanging.
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Name, CommandTimeout = 10 }
            .ConnectionString;
    }

    /// <summary>The server's base connection string (no database).</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : DefaultServer;

    public string Name { get; }
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource =>
        dataSource ?? throw new InvalidOperationException("The database is not created yet (InitializeAsync).");

    /// <summary>A database of one's own, for a test that needs an empty or unmigrated one; dispose it to drop it.</summary>
    public static async Task<PostgresDatabase> CreateAsync(bool migrate = true)
    {
        var database = new PostgresDatabase(migrate);
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

    public async Task InitializeAsync()
    {
        await ExecuteOnServerAsync($"CREATE DATABASE \"{Name}\"");
        // As the service builds it (prepared statements, no reset on close), so that the store is tested as it runs.
        dataSource = StoreDataSource.Create(ConnectionString);
        if (migrate) await SchemaMigrator.MigrateAsync(dataSource, EventStoreSchema.Migrations, CancellationToken.None);
    }

    /// <summary>Runs one statement in the database (outside any session), e.g. to create a read model table.</summary>
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

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (dropped) return;
        dropped = true;
        if (dataSource is not null) await dataSource.DisposeAsync();
        // FORCE ends any connection a failed test left behind (e.g. an abandoned session).
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        // The maintenance database, without pooling: a pooled idle connection would outlive the fixture.
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
