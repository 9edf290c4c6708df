using System.Diagnostics;
using Npgsql;
using QuotaLedger.Store;
using QuotaLedger.Testing;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>
/// A fresh database of a test's own on a PostgreSQL server, dropped (WITH FORCE) on dispose. The server is the shared
/// test server (<see cref="TestPostgres"/>) unless a test names another, e.g. the dedicated
/// cluster of <see cref="DedicatedCluster"/> that the database-restart test may restart.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string server;
    private readonly NpgsqlDataSource dataSource;

    private TestDatabase(string server, string name)
    {
        this.server = server;
        Name = name;
        // The service's pool is kept small: other test projects share the server.
        ServiceConnectionString = new NpgsqlConnectionStringBuilder(server)
            { Database = name, MaxPoolSize = 12, Timeout = 5, CommandTimeout = 30 }.ConnectionString;
        dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server)
            { Database = name, MaxPoolSize = 4, Timeout = 5, CommandTimeout = 60 }.ConnectionString);
    }

    public string Name { get; }

    /// <summary>For the service processes.</summary>
    public string ServiceConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string? server = null)
    {
        var db = new TestDatabase(server ?? TestPostgres.ConnectionString, TestPostgres.NewDatabaseName("ql_fault"));
        await TestPostgres.CreateDatabaseAsync(db.Name, db.server);
        return db;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Every row of a query, each as its columns' values.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        var rows = new List<object?[]>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The ledger's events: Marten's tombstones, which fill the sequence numbers of failed appends, are not.</summary>
    public Task<long> LedgerEventCountAsync() =>
        ScalarAsync<long>($"SELECT count(*) FROM mt_events e WHERE {MartenSetup.IsLedgerEvent("e")}");

    /// <summary>What a refused request must leave as it was: the number of events and a checksum of every balance.</summary>
    public async Task<(long Events, string Balances, long Idempotency)> LedgerFingerprintAsync() =>
        (await LedgerEventCountAsync(),
         await ScalarAsync<string>("""
             SELECT md5(coalesce(string_agg(concat_ws('|', holder, kind, bucket, area, grain, paddy), ';' ORDER BY holder, kind, bucket), ''))
             FROM ql_balances
             """),
         await ScalarAsync<long>("SELECT count(*) FROM ql_idempotency"));

    /// <summary>Ends every connection to the database (pooled ones of our own included), e.g. before its server restarts.</summary>
    public void ClearPool() => NpgsqlConnection.ClearAllPools();

    public async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        try
        {
            await TestPostgres.DropDatabaseAsync(Name, server);
        }
        catch (NpgsqlException)
        {
            // The server is gone (a failed restart); the cluster is a test cluster, the database is left behind.
        }
    }

}

/// <summary>
/// A PostgreSQL cluster of the fault suite's own (<c>.data/pg-fault</c>, port 55443, or QUOTALEDGER_FAULT_PG_PORT),
/// started with scripts/postgres.sh, that a test may stop and start: never the shared test cluster. Disposing it
/// leaves the cluster as the test found it: stopped when the test started it, running when it ran already.
/// </summary>
public sealed class DedicatedCluster : IAsyncDisposable
{
    private readonly bool ranBefore;

    private DedicatedCluster(string connectionString, bool ranBefore)
    {
        ConnectionString = connectionString;
        this.ranBefore = ranBefore;
    }

    public static string DataDirectory => Path.Combine(Repo.Root, ".data", "pg-fault");

    public static string Port => Environment.GetEnvironmentVariable("QUOTALEDGER_FAULT_PG_PORT") is { Length: > 0 } p ? p : "55443";

    public string ConnectionString { get; }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Starts the cluster (creating it the first time).</summary>
    public static async Task<DedicatedCluster> StartAsync()
    {
        var ranBefore = await RunsAsync();
        var (code, stdout, stderr) = await RunAsync("bash", [Script("postgres.sh"), DataDirectory, Port], TimeSpan.FromMinutes(3));
        if (code != 0) throw new InvalidOperationException($"scripts/postgres.sh failed ({code}): {stderr}");
        return new DedicatedCluster(stdout.Trim().Split('\n').Last().Trim(), ranBefore);
    }

    public Task StopAsync() => PgCtlAsync("stop", "-m", "fast", "-w", "-t", "60");

    public Task StartStoppedAsync() =>
        PgCtlAsync("start", "-w", "-t", "60", "-l", Path.Combine(DataDirectory, "server.log"));

    public async ValueTask DisposeAsync()
    {
        var runs = await RunsAsync();
        if (ranBefore && !runs) await StartStoppedAsync();
        else if (!ranBefore && runs) await StopAsync();
    }

    /// <summary>The same test as scripts/postgres-stop.sh's, which a stale postmaster.pid does not fool.</summary>
    private static async Task<bool> RunsAsync() =>
        (await RunAsync("bash", [Script("postgres-stop.sh"), "--running", DataDirectory], TimeSpan.FromSeconds(30))).Code == 0;

    private static string Script(string name) => Path.Combine(Repo.Root, "scripts", name);

    private static async Task PgCtlAsync(params string[] args)
    {
        var version = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "PG_VERSION"))).Trim();
        var pgCtl = $"/usr/lib/postgresql/{version}/bin/pg_ctl";
        if (!File.Exists(pgCtl)) pgCtl = "pg_ctl";
        string[] command = [pgCtl, "-D", DataDirectory, .. args];
        var (code, stdout, stderr) = IsRoot
            ? await RunAsync("runuser", ["-u", "postgres", "--", .. command], TimeSpan.FromSeconds(90))
            : await RunAsync(command[0], command[1..], TimeSpan.FromSeconds(90));
        if (code != 0) throw new InvalidOperationException($"pg_ctl {string.Join(' ', args)} failed ({code}): {stdout} {stderr}");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return (p.ExitCode, await stdout, await stderr);
    }
}
