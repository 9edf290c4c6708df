using QuotaLedger.Fault.Tests.Support;
using Xunit.Abstractions;

namespace QuotaLedger.Fault.Tests;

/// <summary>
/// PostgreSQL is stopped and started under load (a cluster of this suite's own, .data/pg-fault, never the shared test
/// cluster). While it is away, commands and queries get 503 store-unavailable ProblemDetails, never a 500 or a hang;
/// afterwards the same service process answers again on its own, and nothing acknowledged is lost or doubled. Its
/// metrics are scraped all along: without the open items the database cannot count, then with them again.
/// </summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private readonly Log log = new(output);

    [Fact]
    public async Task Database_restart_gives_503s_and_the_service_recovers_by_itself()
    {
        var seed = Repo.Seed(4201);
        var restarts = Repo.LongFaults ? 8 : 2;
        log.Write($"seed {seed} (QUOTALEDGER_FAULT_SEED replays it), {restarts} database restarts, cluster {DedicatedCluster.DataDirectory}:{DedicatedCluster.Port}");

        await using var cluster = await DedicatedCluster.StartAsync();
        await using var db = await TestDatabase.CreateAsync(cluster.ConnectionString);
        await using var service = await ServiceProcess.StartAsync("db-restart", db.ServiceConnectionString);
        // A hang is a request that gets no answer within 20 s: the service must answer 503 promptly instead.
        using var api = new ApiClient(service, TimeSpan.FromSeconds(20));
        var load = new LedgerWorkload(api, seed, $"dbrestart{seed}", log.Write);
        await load.SeedAsync(lotsPerCounty: 1);
        load.Allowance = new FaultAllowance(NoResponse: false, Unavailable: true);

        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, 3)
            .Select(w => Task.Run(() => load.RunWorkerAsync(w, maxOperations: 5_000, stop.Token, queries: true)))
            .ToArray();
        var random = new Random(seed);
        var recoveries = new List<TimeSpan>();
        List<int> readinessWhileDown = [], livenessWhileDown = [];
        List<Outcome> metricsWhileDown = [];
        for (var i = 0; i < restarts; i++)
        {
            await Task.Delay(random.Next(1_500, 3_000));
            await cluster.StopAsync();
            log.Write($"restart {i + 1}: database stopped after {load.Records.Count} commands");
            await Task.Delay(random.Next(2_000, 3_000));
            readinessWhileDown.Add((await api.GetAsync("/health/ready", null)).Status);
            livenessWhileDown.Add((await api.GetAsync("/health/live", null)).Status);
            metricsWhileDown.Add(await api.GetAsync("/metrics", null));
            await cluster.StartStoppedAsync();
            db.ClearPool();
            recoveries.Add(await RecoveryAsync(api, TimeSpan.FromSeconds(30)));
            log.Write($"database started; the service answered a command again after {recoveries[^1].TotalSeconds:F1} s");
        }
        await Task.Delay(1_500);
        await stop.CancelAsync();
        await Task.WhenAll(running);
        log.Write($"load stopped: {load.Records.Count} commands; {load.StatusSummary()}");

        var verdict = new Verdict(log.Write);
        verdict.Require(load.Count("503") > 0, "no client saw a 503 while the database was down: the test did not test anything");
        verdict.Require(recoveries.All(r => r < TimeSpan.FromSeconds(30)), $"the service did not recover within 30 s: {string.Join(", ", recoveries)}");
        verdict.Require(service.Starts == 1 && service.IsRunning, "the service process had to be restarted");
        verdict.Require(readinessWhileDown.All(s => s == 503), $"/health/ready answered {string.Join(", ", readinessWhileDown)} while the database was down");
        verdict.Require(livenessWhileDown.All(s => s == 200), $"/health/live answered {string.Join(", ", livenessWhileDown)} while the database was down");
        verdict.Require((await api.GetAsync("/health/ready", null)).Status == 200, "/health/ready is not 200 after the database came back");
        verdict.Require(metricsWhileDown.All(m => m.Status == 200 && !m.Body.Contains(OpenItems)),
            $"/metrics answered {string.Join(", ", metricsWhileDown.Select(m => $"{m.Status}{(m.Body.Contains(OpenItems) ? " with open items" : "")}"))} while the database was down");
        verdict.Require(await OpenItemsCountedAsync(api, TimeSpan.FromSeconds(15)), "/metrics has no open items after the database came back");
        await load.ResolveUnknownAsync(TimeSpan.FromSeconds(60));
        verdict.Add("responses (no 500, no hang)", load.Violations);
        verdict.Add("2xx commands in the store once", await load.VerifyStreamsAsync(db));
        verdict.Add("replayed commands", await load.ReplaySampleAsync(db, 15));
        verdict.Add("invariants", await Invariants.CheckAsync(db));
        verdict.Add("async projection", await Invariants.AsyncProjectionCaughtUpAsync(db, TimeSpan.FromSeconds(60)));
        // The sealer is the other async projection: it must resume after the restart too, and reach the last event
        // before the totals' answer (which reports every projection's progress) is judged.
        verdict.Add("history sealed and intact", await Invariants.HistorySealedAndIntactAsync(db, TimeSpan.FromSeconds(60)));
        await verdict.LedgerTotalsBalancedAsync(api);
        verdict.Assert(service);
    }

    private const string OpenItems = "quotaledger_open_items{";

    /// <summary>Whether /metrics shows the open items again within <paramref name="limit"/> (the service counts them every few seconds).</summary>
    private static async Task<bool> OpenItemsCountedAsync(ApiClient api, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if ((await api.GetAsync("/metrics", null)).Body.Contains(OpenItems)) return true;
            await Task.Delay(500);
        }
        return false;
    }

    /// <summary>How long until a command (a project registration, unique each time) succeeds again.</summary>
    private static async Task<TimeSpan> RecoveryAsync(ApiClient api, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            var outcome = await api.PostAsync("/api/v1/projects", Tokens.County("150104"), """
                {"county":"150104","kind":"replenishment","name":"recovery probe","landSource":"unused_land","slopeDegrees":3,
                 "inEcologicalRedLine":false,"planned":{"area":1,"grainCapacity":500,"paddyArea":0}}
                """, $"probe-{Guid.NewGuid():N}");
            if (outcome.IsSuccess) return watch.Elapsed;
            await Task.Delay(100);
        }
        return watch.Elapsed;
    }
}
