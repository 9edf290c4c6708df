using QuotaLedger.Fault.Tests.Support;
using Xunit.Abstractions;

namespace QuotaLedger.Fault.Tests;

/// <summary>
/// Many clients interleave transfers, decisions, freezes, lifts, links, write-offs and deductions at random over a few
/// hot lots. Whatever the interleaving, no event is lost or doubled (every 2xx names a version of its aggregate exactly
/// once, every stream is contiguous) and the ledger's invariants hold; with two service processes on one database,
/// both running the asynchronous projection, the region totals still equal the sum of the balances.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private readonly Log log = new(output);

    [Fact]
    public async Task Random_interleavings_over_few_hot_lots_keep_the_ledger_whole()
    {
        var seed = Repo.Seed(5301);
        var (workers, operations) = Repo.LongFaults ? (12, 400) : (8, 60);
        log.Write($"seed {seed} (QUOTALEDGER_FAULT_SEED replays it), {workers} workers × {operations} operations");

        await using var db = await TestDatabase.CreateAsync();
        await using var service = await ServiceProcess.StartAsync("concurrency", db.ServiceConnectionString);
        using var api = new ApiClient(service);
        var load = new LedgerWorkload(api, seed, $"conc{seed}", log.Write);
        await load.SeedAsync(lotsPerCounty: 1);
        await RunAsync(load, workers, operations, TimeSpan.FromSeconds(Repo.LongFaults ? 600 : 60));

        var verdict = new Verdict(log.Write);
        verdict.Require(load.Records.Count(r => r.Final.IsSuccess) > 50, "fewer than 50 commands succeeded");
        verdict.Add("responses", load.Violations);
        verdict.Add("2xx commands in the store once", await load.VerifyStreamsAsync(db));
        verdict.Add("invariants", await Invariants.CheckAsync(db));
        verdict.Add("async projection", await Invariants.AsyncProjectionCaughtUpAsync(db, TimeSpan.FromSeconds(60)));
        await verdict.LedgerTotalsBalancedAsync(api);
        verdict.Require(service.ErrorLines == 0, $"the service logged {service.ErrorLines} errors");
        verdict.Assert(service);
    }

    [Fact]
    public async Task Two_service_instances_on_one_database_project_each_event_once()
    {
        var seed = Repo.Seed(5302);
        var (workers, operations) = Repo.LongFaults ? (12, 300) : (6, 40);
        log.Write($"seed {seed} (QUOTALEDGER_FAULT_SEED replays it), two instances, {workers} workers × {operations} operations");

        await using var db = await TestDatabase.CreateAsync();
        await using var first = await ServiceProcess.StartAsync("instance-1", db.ServiceConnectionString);
        await using var second = await ServiceProcess.StartAsync("instance-2", db.ServiceConnectionString);
        using var one = new ApiClient(first);
        using var two = new ApiClient(second);
        var load = new LedgerWorkload([one, two], seed, $"two{seed}", log.Write);
        await load.SeedAsync(lotsPerCounty: 1);
        await RunAsync(load, workers, operations, TimeSpan.FromSeconds(Repo.LongFaults ? 600 : 60));

        var verdict = new Verdict(log.Write);
        verdict.Add("responses", load.Violations);
        verdict.Add("2xx commands in the store once", await load.VerifyStreamsAsync(db));
        verdict.Add("invariants", await Invariants.CheckAsync(db));
        verdict.Add("async projection (ledger totals = sum of balances)", await Invariants.AsyncProjectionCaughtUpAsync(db, TimeSpan.FromSeconds(60)));
        verdict.Add("hash chains and seals", await Invariants.HistorySealedAndIntactAsync(db, TimeSpan.FromSeconds(60)));
        await verdict.LedgerTotalsBalancedAsync(one);
        await verdict.LedgerTotalsBalancedAsync(two);
        // Two instances' groups can deadlock (one instance's cannot: CommandGroups); the victim is decided again.
        log.Write($"statements Marten saw fail (deadlock victims, decided again): {first.StatementFailures + second.StatementFailures}");
        verdict.Require(first.ErrorLines + second.ErrorLines == 0, $"the services logged {first.ErrorLines + second.ErrorLines} errors");
        verdict.Assert(first, second);
    }

    private async Task RunAsync(LedgerWorkload load, int workers, int operations, TimeSpan limit)
    {
        using var stop = new CancellationTokenSource(limit);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => load.RunWorkerAsync(w, operations, stop.Token))));
        log.Write($"load done{(stop.IsCancellationRequested ? $" (stopped at {limit})" : "")}: {load.Records.Count} commands; {load.StatusSummary()}");
    }
}
