using System.Globalization;
using System.Text.RegularExpressions;

namespace QuotaLedger.Bench;

/// <summary>Commands per PostgreSQL commit, or per batch of writes, in one phase: the mean and the 99th percentile (an upper bound, by bucket).</summary>
public sealed record GroupSizes(double Mean, double P99)
{
    public static readonly GroupSizes None = new(0, 0);
}

/// <summary>
/// One of the service's command-group histograms, read from its <c>GET /metrics</c> (Prometheus's text format) before
/// and after a phase: the phase's groups, or batches, are the difference.
/// </summary>
public sealed record CommandGroupHistogram(double Sum, double Count, IReadOnlyList<(double UpperBound, double Cumulative)> Buckets)
{
    /// <summary><c>quotaledger.command_group.size</c>: commands per commit.</summary>
    public const string Sizes = "quotaledger_command_group_size";

    /// <summary><c>quotaledger.command_group.write_batch</c>: commands whose writes went to the database in one batch.</summary>
    public const string WriteBatches = "quotaledger_command_group_write_batch";

    /// <summary>The histograms named, in that order; nulls when the metrics cannot be read.</summary>
    public static async Task<CommandGroupHistogram?[]> ReadAsync(HttpClient http, params string[] names)
    {
        string text;
        try
        {
            text = await http.GetStringAsync("/metrics");
        }
        catch (HttpRequestException)
        {
            return new CommandGroupHistogram?[names.Length];
        }
        return names.Select(name => Parse(text, name)).ToArray();
    }

    private static CommandGroupHistogram Parse(string text, string name)
    {
        var buckets = Regex.Matches(text, $"^{name}_bucket\\{{[^}}]*le=\"([^\"]+)\"[^}}]*\\}} ([0-9.eE+-]+)", RegexOptions.Multiline)
            .Select(m => (Bound(m.Groups[1].Value), Number(m.Groups[2].Value)))
            .OrderBy(b => b.Item1)
            .ToList();
        return new CommandGroupHistogram(Single(text, name, "_sum"), Single(text, name, "_count"), buckets);
    }

    /// <summary>The groups committed between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static GroupSizes Between(CommandGroupHistogram? before, CommandGroupHistogram? after)
    {
        if (after is null) return GroupSizes.None;
        var count = after.Count - (before?.Count ?? 0);
        if (count <= 0) return GroupSizes.None;
        var mean = (after.Sum - (before?.Sum ?? 0)) / count;
        var p99 = after.Buckets
            .Select(b => (b.UpperBound, Cumulative: b.Cumulative - (before?.Buckets.FirstOrDefault(x => x.UpperBound == b.UpperBound).Cumulative ?? 0)))
            .First(b => b.Cumulative >= 0.99 * count).UpperBound;
        return new GroupSizes(mean, p99);
    }

    private static double Single(string text, string name, string suffix) =>
        Regex.Match(text, $"^{name}{suffix}(?:\\{{[^}}]*\\}})? ([0-9.eE+-]+)", RegexOptions.Multiline) is { Success: true } m ? Number(m.Groups[1].Value) : 0;

    private static double Bound(string le) => le == "+Inf" ? double.PositiveInfinity : Number(le);
    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
