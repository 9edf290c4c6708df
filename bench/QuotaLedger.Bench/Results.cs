using System.Globalization;

namespace QuotaLedger.Bench;

/// <summary>One measured phase: closed-loop operations at a concurrency for a fixed time.</summary>
public sealed record PhaseResult(
    string Operation,
    int Concurrency,
    long Ops,
    double Seconds,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    string Errors,
    double StatementsPerOp)
{
    public double OpsPerSecond => Seconds > 0 ? Ops / Seconds : 0;
}

/// <summary>The run's results file: tab-separated lines, appended by each command, read by <c>report</c>.</summary>
public static class Results
{
    private static readonly Lock Gate = new();

    public static void Phase(string file, PhaseResult r) => Append(file,
        ["phase", r.Operation, I(r.Concurrency), I(r.Ops), F(r.Seconds), F(r.P50Ms), F(r.P99Ms), F(r.MaxMs), r.Errors, F(r.StatementsPerOp)]);

    public static void Value(string file, string key, string value) => Append(file, ["kv", key, value]);

    public static void Value(string file, string key, double value) => Value(file, key, F(value));

    public static void Statement(string file, string phase, double callsPerOp, double meanMs, string query) =>
        Append(file, ["stmt", phase, F(callsPerOp), F(meanMs), Flatten(query)]);

    public static string Flatten(string query)
    {
        var flat = string.Join(' ', query.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 150 ? flat[..150] + "…" : flat;
    }

    private static void Append(string file, string[] fields)
    {
        lock (Gate) File.AppendAllText(file, string.Join('\t', fields) + "\n");
    }

    public static IEnumerable<string[]> Read(string file) =>
        File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => l.Split('\t')) : [];

    public static Dictionary<string, string> Values(string file) =>
        Read(file).Where(f => f[0] == "kv").GroupBy(f => f[1]).ToDictionary(g => g.Key, g => g.Last()[2]);

    public static List<PhaseResult> Phases(string file) =>
        Read(file).Where(f => f[0] == "phase")
            .Select(f => new PhaseResult(f[1], int.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture),
                D(f[4]), D(f[5]), D(f[6]), D(f[7]), f[8], D(f[9])))
            .ToList();

    public static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    public static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    public static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}

/// <summary>Latencies of one phase, merged from its workers; percentiles by nearest rank over the sorted array.</summary>
public static class Percentiles
{
    public static double Of(long[] sortedTicks, double p)
    {
        if (sortedTicks.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p / 100.0 * sortedTicks.Length);
        var index = Math.Clamp(rank - 1, 0, sortedTicks.Length - 1);
        return sortedTicks[index] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
