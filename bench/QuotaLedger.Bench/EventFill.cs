using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuotaLedger.Application;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Store;

namespace QuotaLedger.Bench;

/// <summary>
/// Fills the store up to N events without HTTP, through the service's own event store sessions: each transaction
/// opens a batch of new lots (LotIssued followed by reserve/release cycles) spread over every county, and the inline
/// projections (journal, balances, drawable lots, documents) run on it exactly as they do for a command.
/// </summary>
public static class EventFill
{
    private const int StreamsPerTransaction = 80;
    private const int EventsPerStream = 49; // LotIssued + 24 × (LotQuotaReserved, LotReservationReleased)

    /// <summary>The ledger's events, without the tombstones Marten writes over the sequence numbers of failed appends.</summary>
    public static readonly string CountEvents = $"SELECT count(*) FROM mt_events e WHERE {MartenSetup.IsLedgerEvent("e")}";

    public static async Task FillAsync(Options options)
    {
        var target = options.Int("events", 1_000_000);
        var workers = options.Int("workers", 2);
        var resultsFile = options.Get("results");
        await using var provider = new ServiceCollection().AddQuotaLedger(options.Get("conn"), options.TamperEvidenceKeys()).BuildServiceProvider();
        var store = provider.GetRequiredService<IEventStore>();
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();

        long existing;
        await using (var count = dataSource.CreateCommand(CountEvents))
            existing = (long)(await count.ExecuteScalarAsync())!;
        var remaining = Math.Max(0, target - existing);
        Console.WriteLine($"fill: {existing} events in the store, appending {remaining} to reach {target}");

        var counties = RegionCatalog.InnerMongolia.All.Where(r => r.Level == RegionLevel.County).Select(r => r.Code).Order().ToArray();
        long budget = remaining, appended = 0, streamCounter = 0, transactions = 0;
        var start = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var lastReport = 0L;

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var size = Claim(ref budget, StreamsPerTransaction * EventsPerStream);
                if (size == 0) return;
                await using var session = await store.OpenSessionAsync(CancellationToken.None);
                for (var left = size; left > 0;)
                {
                    var n = Math.Min(left, EventsPerStream);
                    var holder = counties[(int)(Interlocked.Increment(ref streamCounter) % counties.Length)];
                    var lotId = Guid.CreateVersion7();
                    session.Append(lotId, typeof(Lot), 0, LotEvents(lotId, holder, n));
                    left -= n;
                }
                await session.SaveChangesAsync(new EventMetadata("bench-fill", RegionCatalog.RegionCode, DateTimeOffset.UtcNow,
                    "benchmark fill", Guid.CreateVersion7()), CancellationToken.None);
                await session.CommitAsync(CancellationToken.None);
                Interlocked.Increment(ref transactions);
                var done = Interlocked.Add(ref appended, size);
                if (done - Interlocked.Read(ref lastReport) >= 100_000)
                {
                    Interlocked.Exchange(ref lastReport, done);
                    Console.WriteLine($"fill: {done} events, {done / clock.Elapsed.TotalSeconds:0} events/s");
                }
            }
        })));
        clock.Stop();
        var end = DateTimeOffset.UtcNow;

        long total, maxLines;
        await using (var count = dataSource.CreateCommand(CountEvents))
            total = (long)(await count.ExecuteScalarAsync())!;
        await using (var lines = dataSource.CreateCommand("SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM ql_journal GROUP BY holder) j"))
            maxLines = (long)(await lines.ExecuteScalarAsync())!;
        await using (var analyze = dataSource.CreateCommand("VACUUM ANALYZE"))
        {
            analyze.CommandTimeout = 600;
            await analyze.ExecuteNonQueryAsync();
        }
        var rate = appended / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        Console.WriteLine($"fill: appended {appended} events in {clock.Elapsed.TotalSeconds:0.0} s ({rate:0} events/s, {transactions} transactions); " +
                          $"{total} events in the store; the busiest holder has {maxLines} journal lines");
        Results.Value(resultsFile, "fill_appended", appended);
        Results.Value(resultsFile, "fill_seconds", clock.Elapsed.TotalSeconds);
        Results.Value(resultsFile, "fill_events_per_s", rate);
        Results.Value(resultsFile, "fill_total_events", total);
        Results.Value(resultsFile, "fill_max_journal_lines_per_holder", maxLines);
        // asOf reads with the full store ask for the balances half-way through the fill.
        Results.Value(resultsFile, "fill_asof", (start + (end - start) / 2).ToString("O"));
    }

    private static int Claim(ref long budget, int want)
    {
        while (true)
        {
            var left = Interlocked.Read(ref budget);
            if (left <= 0) return 0;
            var take = (int)Math.Min(left, want);
            if (Interlocked.CompareExchange(ref budget, left - take, left) == left) return take;
        }
    }

    private static readonly Measures Issued = new(1000m, 500_000m, 0m);
    private static readonly Measures Reserved = new(1m, 500m, 0m);

    /// <summary>A new lot's events: issued, then reserve/release cycles (an odd tail leaves one reservation open).</summary>
    private static object[] LotEvents(Guid lotId, string holder, int count)
    {
        var events = new object[count];
        events[0] = new LotIssued(lotId, holder, QuotaKind.Replenishment, Issued,
            new Provenance(Guid.CreateVersion7(), "benchmark fill", Guid.CreateVersion7(), holder, LandSource.UnusedLand, 6));
        for (var i = 1; i < count; i += 2)
        {
            var reservation = Guid.CreateVersion7();
            events[i] = new LotQuotaReserved(lotId, holder, QuotaKind.Replenishment, Reserved, reservation);
            if (i + 1 < count) events[i + 1] = new LotReservationReleased(lotId, holder, QuotaKind.Replenishment, Reserved, reservation);
        }
        return events;
    }
}
