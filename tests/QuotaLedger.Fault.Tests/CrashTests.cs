using QuotaLedger.Fault.Tests.Support;
using Xunit.Abstractions;

namespace QuotaLedger.Fault.Tests;

/// <summary>
/// The service is SIGKILLed several times under load and started again. Afterwards every command that got a 2xx is in
/// the event store exactly once (its aggregate's stream is at the versions the 2xx answers named, each once), every
/// command whose answer was lost is resolved by resending it with its Idempotency-Key, a resent command gets its first
/// answer again with no second effect, the ledger's invariants hold, and the asynchronous totals catch up. The
/// workers' commands share commits (group commit), so a kill also cuts groups executing and committing.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private readonly Log log = new(output);

    [Fact]
    public async Task Sigkilled_service_keeps_every_acknowledged_command_once()
    {
        var seed = Repo.Seed(3101);
        var kills = Repo.LongFaults ? 15 : 3;
        var workers = Repo.LongFaults ? 6 : 4;
        log.Write($"seed {seed} (QUOTALEDGER_FAULT_SEED replays it), {kills} kills, {workers} workers, service {Repo.ApiDll}");

        await using var db = await TestDatabase.CreateAsync();
        // One group executing at a time, so that the workers' commands share commits and the kills cut groups.
        await using var service = await ServiceProcess.StartAsync("crash", db.ServiceConnectionString,
            new Dictionary<string, string> { ["GroupCommit__ConcurrentGroups"] = "1" });
        using var api = new ApiClient(service);
        var load = new LedgerWorkload(api, seed, $"crash{seed}", log.Write);
        await load.SeedAsync(lotsPerCounty: 2);
        load.Allowance = new FaultAllowance(NoResponse: true, Unavailable: false);
        var up = true;
        load.ServiceUp = () => Volatile.Read(ref up);

        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, workers)
            .Select(w => Task.Run(() => load.RunWorkerAsync(w, maxOperations: 5_000, stop.Token)))
            .ToArray();
        var random = new Random(seed);
        long sharedCommits = 0, sharedBatches = 0;
        for (var i = 0; i < kills; i++)
        {
            await Task.Delay(random.Next(1_500, 3_500));
            var (commits, batches) = await CommandGroupMetrics.SharedAsync(api);
            (sharedCommits, sharedBatches) = (sharedCommits + commits, sharedBatches + batches);
            service.Kill();
            Volatile.Write(ref up, false);
            log.Write($"kill {i + 1}: SIGKILL after {load.Records.Count} commands");
            await Task.Delay(random.Next(0, 500));
            await service.StartAsync();
            Volatile.Write(ref up, true);
            log.Write($"restarted on {service.BaseAddress}");
        }
        await Task.Delay(1_500);
        await stop.CancelAsync();
        await Task.WhenAll(running);
        log.Write($"load stopped: {load.Records.Count} commands; {load.StatusSummary()}");

        var verdict = new Verdict(log.Write);
        verdict.Require(load.Count("no-response") > 0, "no request was cut by the kills: the test did not test anything");
        log.Write($"before the kills, commits shared by more than one command: {sharedCommits}; batches of writes: {sharedBatches}");
        verdict.Require(sharedCommits > 0, "no commit was shared by several commands: the kills cut no group");
        verdict.Require(sharedBatches > 0, "no batch wrote several commands' events: the kills cut no set-based write");
        verdict.Require(load.Records.Count(r => r.Final.IsSuccess) > 20, "fewer than 20 commands succeeded");
        await load.ResolveUnknownAsync(TimeSpan.FromSeconds(60));
        verdict.Add("responses", load.Violations);
        verdict.Add("2xx commands in the store once", await load.VerifyStreamsAsync(db));
        verdict.Add("replayed commands", await load.ReplaySampleAsync(db, 25));
        verdict.Add("invariants", await Invariants.CheckAsync(db));
        verdict.Add("async projection", await Invariants.AsyncProjectionCaughtUpAsync(db, TimeSpan.FromSeconds(60)));
        verdict.Add("hash chains and seals", await Invariants.HistorySealedAndIntactAsync(db, TimeSpan.FromSeconds(60)));
        await verdict.LedgerTotalsBalancedAsync(api);
        verdict.Assert(service);
    }
}
