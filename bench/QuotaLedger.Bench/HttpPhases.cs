using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Npgsql;
using QuotaLedger.Api.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Bench;

/// <summary>Closed-loop HTTP load against the running service: each worker sends its next operation when the last one ended.</summary>
public static class HttpPhases
{
    public const string Amount = """{"area":0.01,"grainCapacity":5,"paddyArea":0}""";

    public static async Task LoadAsync(Options options)
    {
        await using var bench = await Bench.CreateAsync(options);
        var lots = options.Int("lots", 10_000);
        var seedConcurrency = options.Int("seed-concurrency", 16);

        // 1. Seed: per lot a project, its storage application and the centre's approval.
        var seedStart = Stopwatch.StartNew();
        var seed = await bench.RunAsync("seed (project+submit+approve)", seedConcurrency, null, lots, bench.SeedLotAsync);
        seedStart.Stop();
        Results.Value(bench.ResultsFile, "seed_lots", seed.Ops);
        Results.Value(bench.ResultsFile, "seed_seconds", seedStart.Elapsed.TotalSeconds);
        Results.Value(bench.ResultsFile, "seed_lots_per_s", seed.Ops / seedStart.Elapsed.TotalSeconds);
        Console.WriteLine($"seeded {seed.Ops} lots in {seedStart.Elapsed.TotalSeconds:0.0} s ({seed.Ops / seedStart.Elapsed.TotalSeconds:0} lots/s), errors: {seed.Errors}");
        if (seed.Ops < lots * 0.99) throw new BenchFailure($"seeding failed: only {seed.Ops} of {lots} lots ({seed.Errors})");

        // An instant after seeding and before any transfer: asOf reads sum the journal up to here.
        await Task.Delay(1100);
        var asOf = DateTimeOffset.UtcNow;
        await Task.Delay(1100);
        Results.Value(bench.ResultsFile, "http_asof", asOf.ToString("O"));

        var duration = TimeSpan.FromSeconds(options.Int("seconds", 15));
        var levels = options.Ints("concurrency", "1,4,16,64");
        // Fixed-price listings for the order phase, set up now: the trading clock opens them while the phases before run.
        var market = await bench.OpenFixedPriceMarketAsync(levels.Length + 1, levels.Max(), TimeSpan.FromSeconds(30));
        Console.WriteLine($"{market.Listings.Length} fixed-price listings of {Bench.ListingQuantity} mu published, {market.BuyerTokens.Length} buyers with confirmed deposits; trading opens at {market.TradingStart:HH:mm:ss}");

        // Warm-up (not recorded): the first calls of each command pay for JIT and tiered recompilation.
        var warmUp = TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds));
        await bench.RunAsync("warm-up transfers", 4, warmUp, null, bench.TransferAsync);
        await bench.RunAsync("warm-up consumptions", 4, warmUp, null, bench.ConsumeAsync);
        await bench.WaitForTradingAsync(market);
        await bench.RunAsync("warm-up orders", 4, warmUp, null, (w, _, _) => bench.OrderAsync(market.Listings[0], market.BuyerTokens[w]));
        await bench.RunAsync("warm-up reads", 4, warmUp, null, (r, _) => bench.ReadBalancesAsync(r, r.Next(2) == 0 ? null : asOf));
        foreach (var c in levels)
        {
            await bench.WaitForAsyncProjectionsAsync();
            await bench.RunAsync("transfer (propose+approve)", c, duration, null, bench.TransferAsync, record: true);
        }
        foreach (var c in levels)
        {
            await bench.WaitForAsyncProjectionsAsync();
            await bench.RunAsync("transfer (one step, direct)", c, duration, null, bench.TransferDirectlyAsync, record: true);
        }
        foreach (var c in levels)
        {
            await bench.WaitForAsyncProjectionsAsync();
            await bench.RunAsync("consumption (link+write-off)", c, duration, null, bench.ConsumeAsync, record: true);
        }
        // Each level on a listing of its own, each client one buyer: every order locks the listing's stream, so the orders
        // of all clients are decided one at a time (which is what keeps racing buyers from overselling it).
        for (var i = 0; i < levels.Length; i++)
        {
            var listing = market.Listings[i + 1];
            await bench.WaitForAsyncProjectionsAsync();
            await bench.RunAsync("order (fixed-price listing)", levels[i], duration, null, (w, _, _) => bench.OrderAsync(listing, market.BuyerTokens[w]), record: true);
            var (status, remaining) = await bench.ListingAsync(listing);
            if (status != "trading") throw new BenchFailure($"the listing of the order phase at concurrency {levels[i]} is {status}, no longer trading");
            Results.Value(bench.ResultsFile, $"order_listing_left_mu_c{levels[i]}", (double)remaining);
            Console.WriteLine($"  listing {listing}: {status}, {remaining} of {Bench.ListingQuantity} mu left");
        }
        // The floor under every read: Kestrel, routing and the client, without a token to check or a database to ask.
        foreach (var c in levels) await bench.RunAsync("liveness (no token, no database)", c, duration, null, (_, _) => bench.LivenessAsync(), record: true);
        foreach (var c in levels) await bench.RunAsync("balance read", c, duration, null, (r, _) => bench.ReadBalancesAsync(r, null), record: true);
        foreach (var c in levels) await bench.RunAsync("asOf read", c, duration, null, (r, _) => bench.ReadBalancesAsync(r, asOf), record: true);
    }

    /// <summary>Balance and asOf reads once the store holds the filled events.</summary>
    public static async Task ReadsAsync(Options options)
    {
        await using var bench = await Bench.CreateAsync(options);
        var values = Results.Values(bench.ResultsFile);
        var asOf = DateTimeOffset.Parse(values.GetValueOrDefault("fill_asof") ?? throw new BenchFailure("run fill first"),
            System.Globalization.CultureInfo.InvariantCulture);
        var events = values.GetValueOrDefault("fill_total_events", "?");
        var duration = TimeSpan.FromSeconds(options.Int("seconds", 15));
        var levels = options.Ints("concurrency", "1,4,16,64");
        // Warm-up: the service was restarted; its first requests pay for JIT and connection set-up.
        await bench.RunAsync("warm-up", 4, TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds)), null,
            (r, _) => bench.ReadBalancesAsync(r, r.Next(2) == 0 ? null : asOf));
        foreach (var c in levels)
            await bench.RunAsync($"balance read, {events} events", c, duration, null, (r, _) => bench.ReadBalancesAsync(r, null), record: true);
        foreach (var c in levels)
            await bench.RunAsync($"asOf read, {events} events", c, duration, null, (r, _) => bench.ReadBalancesAsync(r, asOf), record: true);
    }
}

/// <summary>The HTTP client, tokens and operations of one benchmark command.</summary>
public sealed partial class Bench : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly Dictionary<string, string> countyTokens;
    private readonly string centreToken;
    private readonly Func<Role, string, string, string> mintToken;
    private readonly string[] counties;
    private readonly Dictionary<string, string[]> neighbours;
    private readonly NpgsqlDataSource? stats;
    private long sequence;
    private int? servicePid;

    public string ResultsFile { get; }

    private Bench(HttpClient http, Dictionary<string, string> countyTokens, string centreToken, Func<Role, string, string, string> mintToken,
        string[] counties, Dictionary<string, string[]> neighbours, NpgsqlDataSource? stats, string resultsFile)
    {
        this.http = http;
        this.countyTokens = countyTokens;
        this.centreToken = centreToken;
        this.mintToken = mintToken;
        this.counties = counties;
        this.neighbours = neighbours;
        this.stats = stats;
        ResultsFile = resultsFile;
    }

    public static async Task<Bench> CreateAsync(Options options)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(options.Get("auth-config")), optional: false).Build();
        var regions = RegionCatalog.InnerMongolia;
        var counties = regions.All.Where(r => r.Level == RegionLevel.County).Select(r => r.Code).Order().ToArray();
        // Transfers go to another county of the same prefecture (the prefecture could approve them too).
        var neighbours = counties
            .Select(c => (c, others: counties.Where(o => o != c && regions.PrefectureOf(o) == regions.PrefectureOf(c)).ToArray()))
            .Where(x => x.others.Length > 0)
            .ToDictionary(x => x.c, x => x.others);
        var lifetime = TimeSpan.FromHours(3);
        var countyTokens = counties.ToDictionary(c => c, c => Auth.MintDevelopmentToken(configuration, Role.County, c, $"bench-{c}", lifetime));
        var centre = Auth.MintDevelopmentToken(configuration, Role.Centre, RegionCatalog.RegionCode, "bench-centre", lifetime);
        string Mint(Role role, string organisation, string user) => Auth.MintDevelopmentToken(configuration, role, organisation, user, lifetime);

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(options.Get("base-url")), Timeout = TimeSpan.FromSeconds(60) };
        using (var health = await client.GetAsync("/health/ready"))
            if (!health.IsSuccessStatusCode) throw new BenchFailure($"the service is not healthy: {(int)health.StatusCode}");

        NpgsqlDataSource? stats = null;
        if (options.Get("stats-conn", "") is { Length: > 0 } statsConn)
        {
            stats = NpgsqlDataSource.Create(statsConn);
            try
            {
                await using var probe = stats.CreateCommand("SELECT count(*) FROM pg_stat_statements");
                await probe.ExecuteScalarAsync();
            }
            catch (PostgresException e)
            {
                Console.Error.WriteLine($"pg_stat_statements unavailable ({e.MessageText}): statements per operation are not counted");
                await stats.DisposeAsync();
                stats = null;
            }
        }
        return new Bench(client, countyTokens, centre, Mint, counties, neighbours, stats, options.Get("results"))
        {
            servicePid = options.Get("service-pid", "") is { Length: > 0 } pid ? int.Parse(pid) : null,
        };
    }

    /// <summary>
    /// Waits (at most two minutes) until the async projections have applied every event, as <c>/health/ready</c> reports
    /// their lag: a measured phase should not share the two cores with the daemon catching up on the phase before.
    /// </summary>
    public async Task WaitForAsyncProjectionsAsync()
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            using var response = await http.GetAsync("/health/ready");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var lags = body.RootElement.GetProperty("entries").GetProperty("async-projections").GetProperty("data").EnumerateObject()
                .Where(p => p.Name.EndsWith("lag (events)", StringComparison.Ordinal)).Select(p => p.Value.GetInt64()).ToArray();
            if (lags.Length > 0 && lags.All(lag => lag == 0))
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(1)) Console.WriteLine($"async projections caught up after {watch.Elapsed.TotalSeconds:0.0} s");
                return;
            }
            await Task.Delay(200);
        }
        Console.WriteLine("async projections still behind after 2 minutes: the phase shares the machine with them");
    }

    /// <summary>
    /// Runs <paramref name="op"/> closed-loop on <paramref name="concurrency"/> workers, for <paramref name="duration"/> or
    /// until <paramref name="count"/> operations have started. An operation returns null when every request was 2xx,
    /// else a short description of the failure.
    /// </summary>
    public Task<PhaseResult> RunAsync(string name, int concurrency, TimeSpan? duration, int? count,
        Func<Random, long, Task<string?>> op, bool record = false) =>
        RunAsync(name, concurrency, duration, count, (_, random, n) => op(random, n), record);

    /// <summary>As above, with the worker's index (0 to concurrency − 1) given to each operation: a worker plays one client.</summary>
    public async Task<PhaseResult> RunAsync(string name, int concurrency, TimeSpan? duration, int? count,
        Func<int, Random, long, Task<string?>> op, bool record = false)
    {
        if (stats is not null) await ExecuteStatsAsync("SELECT pg_stat_statements_reset()");
        var cpuBefore = CpuSample.Take(servicePid);
        var histograms = new[] { CommandGroupHistogram.Sizes, CommandGroupHistogram.WriteBatches };
        var before = await CommandGroupHistogram.ReadAsync(http, histograms);
        var errors = new ConcurrentDictionary<string, int>();
        var latencies = new List<long>[concurrency];
        long started = 0;
        var clock = Stopwatch.StartNew();
        var deadline = duration is { } d ? d : TimeSpan.MaxValue;
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(HashCode.Combine(name, concurrency, w));
            var mine = latencies[w] = new List<long>(4096);
            while (clock.Elapsed < deadline)
            {
                var n = Interlocked.Increment(ref started);
                if (count is { } max && n > max) break;
                var t0 = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    failure = await op(w, random, n);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failure = e.GetType().Name;
                }
                var elapsed = Stopwatch.GetTimestamp() - t0;
                if (failure is null) mine.Add(elapsed);
                else errors.AddOrUpdate(failure, 1, (_, v) => v + 1);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();
        var cpuAfter = CpuSample.Take(servicePid);
        var after = await CommandGroupHistogram.ReadAsync(http, histograms);
        var (groups, batches) = (CommandGroupHistogram.Between(before[0], after[0]), CommandGroupHistogram.Between(before[1], after[1]));

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var errorText = errors.IsEmpty ? "0" : string.Join(",", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key}x{e.Value}"));
        var statementsPerOp = 0.0;
        if (stats is not null && all.Length > 0)
            statementsPerOp = await StatementsAsync(name, concurrency, all.Length, record);
        var result = new PhaseResult(name, concurrency, all.Length, clock.Elapsed.TotalSeconds,
            Percentiles.Of(all, 50), Percentiles.Of(all, 99), Percentiles.Of(all, 100), errorText, statementsPerOp,
            CpuSample.Between(cpuBefore, cpuAfter, all.Length), groups, batches);
        Console.WriteLine($"{name,-40} c={concurrency,-3} ops={result.Ops,-7} ops/s={result.OpsPerSecond,8:0.0} p50={result.P50Ms,7:0.00} ms " +
                          $"p99={result.P99Ms,7:0.00} ms max={result.MaxMs,7:0.0} ms stmts/op={statementsPerOp:0.0} " +
                          $"cpu ms/op service={result.Cpu.ServiceMsPerOp:0.00} pg={result.Cpu.PostgresMsPerOp:0.00} client={result.Cpu.ClientMsPerOp:0.00} " +
                          $"busy={result.Cpu.MachineBusyPercent:0}% commands/commit mean={groups.Mean:0.0} p99≤{groups.P99:0} " +
                          $"commands/write batch mean={batches.Mean:0.0} p99≤{batches.P99:0} errors={errorText}");
        if (record) Results.Phase(ResultsFile, result);
        return result;
    }

    private async Task<double> StatementsAsync(string phase, int concurrency, long ops, bool record)
    {
        await using var cmd = stats!.CreateCommand("""
            SELECT query, calls, mean_exec_time FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND query NOT LIKE '%pg_stat_statements%'
            ORDER BY calls DESC, total_exec_time DESC
            """);
        var rows = new List<(string Query, long Calls, double Mean)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
        if (record && concurrency is 1 or 16 && !phase.Contains("read"))
            foreach (var row in rows.Where(r => r.Calls >= ops / 2).Take(25))
                Results.Statement(ResultsFile, $"{phase} c={concurrency}", (double)row.Calls / ops, row.Mean, row.Query);
        return (double)rows.Sum(r => r.Calls) / ops;
    }

    private async Task ExecuteStatsAsync(string sql)
    {
        await using var cmd = stats!.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    // Operations.

    private static readonly string Today = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-20).ToString("yyyy-MM-dd");
    private static readonly string Before = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30).ToString("yyyy-MM-dd");

    public async Task<string?> SeedLotAsync(Random _, long n)
    {
        var county = counties[(int)((n - 1) % counties.Length)];
        var token = countyTokens[county];
        var (status, project) = await PostAsync("/api/v1/projects", token, $$$"""
            {"county":"{{{county}}}","kind":"replenishment","name":"bench lot {{{n}}}","landSource":"unused_land","slopeDegrees":4,
             "inEcologicalRedLine":false,"planned":{"area":120,"grainCapacity":60000,"paddyArea":10}}
            """);
        if (project is null) return $"project {status}";
        (status, var application) = await PostAsync("/api/v1/storage-applications", token, $$$"""
            {"projectId":"{{{project}}}","verified":{"area":118.5,"grainCapacity":59000.5,"paddyArea":10},"qualityGrade":6,
             "acceptedOn":"{{{Today}}}","landTypeChangedOn":"{{{Before}}}"}
            """);
        if (application is null) return $"submit {status}";
        (status, var approved) = await PostAsync($"/api/v1/storage-applications/{application}/approve", centreToken,
            """{"reason":"benchmark seed"}""");
        return approved is null ? $"approve {status}" : null;
    }

    public async Task<string?> TransferAsync(Random random, long n)
    {
        var (from, to) = TransferPair(random);
        var (status, transfer) = await PostAsync("/api/v1/transfers", countyTokens[from], TransferBody(from, to));
        if (transfer is null) return $"propose {status}";
        (status, var approved) = await PostAsync($"/api/v1/transfers/{transfer}/approve", centreToken, """{"reason":"benchmark approval"}""");
        return approved is null ? $"approve {status}" : null;
    }

    /// <summary>The same move as <see cref="TransferAsync"/>, made in one request by the centre, who may decide it.</summary>
    public async Task<string?> TransferDirectlyAsync(Random random, long n)
    {
        var (from, to) = TransferPair(random);
        var (status, transfer) = await PostAsync("/api/v1/transfers/direct", centreToken, TransferBody(from, to));
        return transfer is null ? $"direct {status}" : null;
    }

    /// <summary>A county and one of its neighbours in the same prefecture.</summary>
    private (string From, string To) TransferPair(Random random)
    {
        var from = counties[random.Next(counties.Length)];
        if (!neighbours.TryGetValue(from, out var others)) from = neighbours.Keys.First();
        others = neighbours[from];
        return (from, others[random.Next(others.Length)]);
    }

    private static string TransferBody(string from, string to) => $$$"""
        {"from":"{{{from}}}","to":"{{{to}}}","kind":"replenishment","amount":{{{HttpPhases.Amount}}},"reason":"benchmark transfer"}
        """;

    public async Task<string?> ConsumeAsync(Random random, long n)
    {
        var county = counties[random.Next(counties.Length)];
        var token = countyTokens[county];
        var reference = $"BENCH-{Interlocked.Increment(ref sequence)}";
        var (status, link) = await PostAsync("/api/v1/links", token, $$$"""
            {"county":"{{{county}}}","kind":"replenishment","approvalReference":"{{{reference}}}","occupied":{{{HttpPhases.Amount}}},"reason":"benchmark link","occupationType":"non_farm_construction"}
            """);
        if (link is null) return $"link {status}";
        (status, var written) = await PostAsync($"/api/v1/links/{link}/write-off", token, """{"reason":"benchmark write-off"}""");
        return written is null ? $"write-off {status}" : null;
    }

    public async Task<string?> ReadBalancesAsync(Random random, DateTimeOffset? asOf)
    {
        var county = counties[random.Next(counties.Length)];
        var path = $"/api/v1/holders/{county}/balances" + (asOf is { } at ? $"?asOf={Uri.EscapeDataString(at.ToString("O"))}" : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", countyTokens[county]);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode && body.Length > 0 ? null : $"read {(int)response.StatusCode}";
    }

    public async Task<string?> LivenessAsync()
    {
        using var response = await http.GetAsync("/health/live");
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode && body.Length > 0 ? null : $"liveness {(int)response.StatusCode}";
    }

    private int problemsShown;

    /// <summary>POSTs a JSON body; returns the status and the id of the created or changed resource (null unless 2xx).</summary>
    private async Task<(int Status, string? Id)> PostAsync(string path, string token, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            if (Interlocked.Increment(ref problemsShown) <= 5)
                Console.Error.WriteLine($"POST {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
            return ((int)response.StatusCode, null);
        }
        using var doc = JsonDocument.Parse(body);
        return ((int)response.StatusCode, doc.RootElement.GetProperty("id").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        if (stats is not null) await stats.DisposeAsync();
    }
}
