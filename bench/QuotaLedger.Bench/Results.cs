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
    double StatementsPerOp,
    CpuUse Cpu,
    GroupSizes Groups,
    GroupSizes WriteBatches)
{
    public double OpsPerSecond => Seconds > 0 ? Ops / Seconds : 0;
}

/// <summary>The run's results file: tab-separated lines, appended by each command, read by <c>report</c>.</summary>
public static class Results
{
    private static readonly Lock Gate = new();

    public static void Phase(string file, PhaseResult r) => Append(file,
        ["phase", r.Operation, I(r.Concurrency), I(r.Ops), F(r.Seconds), F(r.P50Ms), F(r.P99Ms), F(r.MaxMs), r.Errors, F(r.StatementsPerOp),
         F(r.Cpu.ServiceMsPerOp), F(r.Cpu.PostgresMsPerOp), F(r.Cpu.ClientMsPerOp), F(r.Cpu.MachineBusyPercent),
         F(r.Groups.Mean), F(r.Groups.P99), F(r.WriteBatches.Mean), F(r.WriteBatches.P99)]);

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
                D(f[4]), D(f[5]), D(f[6]), D(f[7]), f[8], D(f[9]),
                f.Length > 13 ? new CpuUse(D(f[10]), D(f[11]), D(f[12]), D(f[13])) : CpuUse.None,
                f.Length > 15 ? new GroupSizes(D(f[14]), D(f[15])) : GroupSizes.None,
                f.Length > 17 ? new GroupSizes(D(f[16]), D(f[17])) : GroupSizes.None))
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

/// <summary>CPU time per operation of the service, of every postgres process and of this load generator, and how busy the machine was.</summary>
public sealed record CpuUse(double ServiceMsPerOp, double PostgresMsPerOp, double ClientMsPerOp, double MachineBusyPercent)
{
    public static readonly CpuUse None = new(0, 0, 0, 0);
}

/// <summary>CPU counters from /proc (Linux): clock ticks of user + system time.</summary>
public sealed class CpuSample
{
    private static readonly double MsPerTick = 1000.0 / 100; // USER_HZ is 100 on Linux

    public long Service { get; private init; }
    public Dictionary<int, long> Postgres { get; private init; } = [];
    public TimeSpan Client { get; private init; }
    public long Busy { get; private init; }
    public long Total { get; private init; }

    public static CpuSample Take(int? servicePid)
    {
        var postgres = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsDigit(name[0])) continue;
            if (ProcessTicks(dir, "postgres") is { } t) postgres[int.Parse(name)] = t;
        }
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(long.Parse).ToArray();
        var total = cpu.Take(8).Sum();
        var idle = cpu[3] + cpu[4];
        return new CpuSample
        {
            Service = servicePid is { } pid ? ProcessTicks($"/proc/{pid}", null) ?? 0 : 0,
            Postgres = postgres,
            Client = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime,
            Busy = total - idle,
            Total = total,
        };
    }

    public static CpuUse Between(CpuSample a, CpuSample b, long ops) => ops == 0 ? CpuUse.None : new CpuUse(
        (b.Service - a.Service) * MsPerTick / ops,
        // Per process: one that ended between the samples is left out, one that started is counted whole.
        b.Postgres.Sum(p => p.Value - a.Postgres.GetValueOrDefault(p.Key)) * MsPerTick / ops,
        (b.Client - a.Client).TotalMilliseconds / ops,
        b.Total > a.Total ? 100.0 * (b.Busy - a.Busy) / (b.Total - a.Total) : 0);

    private static long? ProcessTicks(string dir, string? comm)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var close = stat.LastIndexOf(')');
            if (comm is not null && stat[(stat.IndexOf('(') + 1)..close] != comm) return null;
            var fields = stat[(close + 2)..].Split(' ');
            return long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime (fields 14 and 15 of stat)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
