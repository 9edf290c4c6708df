using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace QuotaLedger.Bench;

/// <summary>The final table: our phases beside pgbench's ceiling at the same concurrency, then the other figures and the targets.</summary>
public static partial class Report
{
    [GeneratedRegex(@"pg-ceiling clients=(\d+) tps=([\d.]+) latency_ms=([\d.]+)")]
    private static partial Regex CeilingLine();

    /// <summary>The lines "pg-ceiling clients=N tps=X latency_ms=Y" of a ceiling run's output, by client count.</summary>
    private static Dictionary<int, (double Tps, double LatencyMs)> Ceiling(string file)
    {
        var ceiling = new Dictionary<int, (double Tps, double LatencyMs)>();
        if (File.Exists(file))
            foreach (Match m in CeilingLine().Matches(File.ReadAllText(file)))
                ceiling[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = (Results.D(m.Groups[2].Value), Results.D(m.Groups[3].Value));
        return ceiling;
    }

    public static void Print(Options options)
    {
        var resultsFile = options.Get("results");
        var phases = Results.Phases(resultsFile);
        var values = Results.Values(resultsFile);
        var ceiling = Ceiling(options.Get("ceiling", ""));
        var orderCeiling = Ceiling(options.Get("order-ceiling", ""));

        var md = new StringBuilder();
        md.AppendLine("| operation | concurrency | ops/s | p50 ms | p99 ms | max ms | SQL statements/op | CPU ms/op service / postgres / load generator | machine busy | commands per commit, mean / p99 | commands per write batch, mean / p99 | errors | ours / pgbench ceiling |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var (c, (tps, latency)) in ceiling.OrderBy(x => x.Key))
            md.AppendLine($"| pgbench ceiling (1 transfer = 1 transaction) | {c} | {tps:0.0} | {latency:0.00} (average) | – | – | 6 | – | – | 1 | – | 0 | 1 |");
        foreach (var (c, (tps, latency)) in orderCeiling.OrderBy(x => x.Key))
            md.AppendLine($"| pgbench order ceiling (1 order on one listing row = 1 transaction) | {c} | {tps:0.0} | {latency:0.00} (average) | – | – | 5 | – | – | 1 | – | 0 | 1 |");
        foreach (var p in phases)
        {
            // Orders are compared with the order ceiling (one locked listing row), transfers and consumptions with the transfer's.
            var against = p.Operation.StartsWith("order") ? orderCeiling
                : p.Operation.StartsWith("transfer") || p.Operation.StartsWith("consumption") ? ceiling
                : [];
            var ratio = against.TryGetValue(p.Concurrency, out var ceil) && ceil.Tps > 0
                ? (p.OpsPerSecond / ceil.Tps).ToString("0.000", CultureInfo.InvariantCulture)
                : "–";
            md.AppendLine($"| {p.Operation} | {p.Concurrency} | {p.OpsPerSecond:0.0} | {p.P50Ms:0.00} | {p.P99Ms:0.00} | {p.MaxMs:0.0} | " +
                          $"{(p.StatementsPerOp > 0 ? p.StatementsPerOp.ToString("0.0", CultureInfo.InvariantCulture) : "–")} | " +
                          $"{p.Cpu.ServiceMsPerOp:0.00} / {p.Cpu.PostgresMsPerOp:0.00} / {p.Cpu.ClientMsPerOp:0.00} | {p.Cpu.MachineBusyPercent:0}% | " +
                          $"{Sizes(p.Groups)} | {Sizes(p.WriteBatches)} | {p.Errors} | {ratio} |");
        }

        md.AppendLine();
        string V(string key, string format = "0")
            => values.TryGetValue(key, out var v) && double.TryParse(v, CultureInfo.InvariantCulture, out var d) ? d.ToString(format, CultureInfo.InvariantCulture) : values.GetValueOrDefault(key, "n/a");
        string S(string key) => values.GetValueOrDefault(key, "n/a");
        md.AppendLine($"- machine: {S("machine")}; PostgreSQL {S("postgres")}; load average {S("loadavg_start")} at the start, {S("loadavg_end")} at the end (the machine is shared); extra service connection options: {S("service_conn_options")}");
        md.AppendLine($"- seeding: {V("seed_lots")} lots (project + storage application + approval, 3 requests each, concurrency 16) in {V("seed_seconds", "0.0")} s = {V("seed_lots_per_s", "0.0")} lots/s");
        md.AppendLine($"- in-process fill: {V("fill_appended")} events appended in {V("fill_seconds", "0.0")} s = {V("fill_events_per_s")} events/s (≈3,900 events per transaction, inline projections on); {V("fill_total_events")} events in the store; busiest holder: {V("fill_max_journal_lines_per_holder")} journal lines");
        md.AppendLine($"- rebuild of the asynchronous projection LedgerTotals (Marten's daemon, RebuildProjectionAsync): {V("rebuild_async_events")} events in {V("rebuild_async_seconds", "0.00")} s = **{V("rebuild_async_events_per_s")} events/s** (same totals as before: {V("rebuild_async_consistent")})");
        md.AppendLine($"- rebuild of the inline read models (journal, balances, lots, aggregate documents) through Marten's daemon, from emptied tables: {V("rebuild_inline_seconds", "0.00")} s = **{V("rebuild_inline_events_per_s")} events/s** (identical to the live read models: {V("rebuild_inline_consistent")})");
        md.AppendLine($"- service peak memory (VmHWM): {V("service_vmhwm_load_kb")} kB during the HTTP load phases, {V("service_vmhwm_reads_kb")} kB during the reads with the filled store");
        md.AppendLine($"- order phases: each concurrency on a fixed-price listing of its own ({Bench.ListingQuantity} mu, orders of {Bench.OrderQuantity} mu by one buyer per client); every order holds the listing's stream lock, so orders are decided one at a time; left on the listings after the phases: {string.Join(", ", values.Where(v => v.Key.StartsWith("order_listing_left_mu_c")).Select(v => $"c={v.Key["order_listing_left_mu_c".Length..]}: {v.Value} mu"))}");
        md.AppendLine($"- start to ready (/health/ready): {V("start_to_ready_ms_load")} ms on the empty database (schema created), {V("start_to_ready_ms_reads")} ms on the filled store");

        md.AppendLine();
        md.AppendLine("Targets:");
        // Issue 10's bars: two-step transfers at half the ceiling, transfers in one step at the ceiling itself.
        foreach (var (operation, bar) in new[] { ("transfer (propose+approve)", 0.5), ("transfer (one step, direct)", 1.0) })
        {
            var t16 = phases.FirstOrDefault(p => p.Operation == operation && p.Concurrency == 16);
            if (t16 is null || !ceiling.TryGetValue(16, out var c16)) continue;
            var ratio = t16.OpsPerSecond / c16.Tps;
            md.AppendLine($"- {operation} at concurrency 16 ≥ {bar} × ceiling: {t16.OpsPerSecond:0.0} / {c16.Tps:0.0} = {ratio:0.000} → {(ratio >= bar ? "MET" : "NOT MET")}");
            md.AppendLine($"- {operation} at concurrency 16, p99 < 50 ms: {t16.P99Ms:0.0} ms → {(t16.P99Ms < 50 ? "MET" : "NOT MET")}");
        }
        foreach (var read in phases.Where(p => p.Operation.StartsWith("balance read")))
            md.AppendLine($"- {read.Operation} at concurrency {read.Concurrency}, p99 < 5 ms: {read.P99Ms:0.00} ms → {(read.P99Ms < 5 ? "MET" : "NOT MET")}");
        if (values.TryGetValue("rebuild_async_events_per_s", out var rebuild))
        {
            var r = Results.D(rebuild);
            md.AppendLine($"- projection rebuild ≥ 20,000 events/s: {r:0} events/s (LedgerTotals) → {(r >= 20_000 ? "MET" : "NOT MET")}");
        }

        var statements = Results.Read(resultsFile).Where(f => f[0] == "stmt").GroupBy(f => f[1]).ToList();
        if (statements.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("SQL statements per operation (pg_stat_statements, statements called at least once per two operations):");
            foreach (var group in statements)
            {
                md.AppendLine();
                md.AppendLine($"{group.Key}:");
                md.AppendLine();
                md.AppendLine("| calls/op | mean ms | statement |");
                md.AppendLine("|---:|---:|---|");
                foreach (var f in group) md.AppendLine($"| {f[2]} | {f[3]} | `{f[4].Replace("|", "\\|")}` |");
            }
        }

        var text = md.ToString();
        Console.WriteLine(text);
        if (options.Get("markdown", "") is { Length: > 0 } path) File.WriteAllText(path, text);
    }

    private static string Sizes(GroupSizes sizes) => sizes.Mean > 0 ? $"{sizes.Mean:0.0} / {sizes.P99:0}" : "–";
}
