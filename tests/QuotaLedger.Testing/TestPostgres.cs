using Npgsql;

namespace QuotaLedger.Testing;

/// <summary>
/// The PostgreSQL server every test project runs against, and its databases: each test class (or test) makes one of
/// its own, uniquely named, and drops it at the end, so that classes run in parallel on one server.
/// </summary>
/// <remarks>
/// The server comes from <c>QUOTALEDGER_TEST_PG</c> (a connection string without a database, exported by
/// <c>test.sh</c>); without it, the local test cluster of <c>scripts/postgres.sh .data/pg-test 55439</c>.
/// </remarks>
public static class TestPostgres
{
    public const string Variable = "QUOTALEDGER_TEST_PG";
    public const string Default = "Host=127.0.0.1;Port=55439;Username=postgres";

    /// <summary>The server's connection string, without a database.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : Default;

    /// <summary>A database name no other test uses: <paramref name="prefix"/> and a new GUID.</summary>
    public static string NewDatabaseName(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    /// <summary>The connection string of one database on the server (by default the shared test server).</summary>
    public static string ConnectionStringFor(string database, Action<NpgsqlConnectionStringBuilder>? configure = null, string? server = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(server ?? ConnectionString) { Database = database };
        configure?.Invoke(builder);
        return builder.ConnectionString;
    }

    public static Task CreateDatabaseAsync(string database, string? server = null) =>
        ExecuteAsync($"CREATE DATABASE \"{database}\"", server);

    /// <summary>Drops the database, ending any connection a failed test left open on it.</summary>
    public static Task DropDatabaseAsync(string database, string? server = null) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", server);

    /// <summary>One statement on the server's maintenance database, without pooling: no idle connection outlives it.</summary>
    public static async Task ExecuteAsync(string sql, string? server = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(server ?? ConnectionString) { Database = "postgres", Pooling = false, Timeout = 15 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
