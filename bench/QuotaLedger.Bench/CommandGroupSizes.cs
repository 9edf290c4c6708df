using System.Globalization;
using System.Text.RegularExpressions;

namespace QuotaLedger.Bench;

/// <summary>Commands per PostgreSQL commit in one phase: the mean and the 99th percentile (an upper bound, by bucket).</summary>
public sealed record GroupSizes(double Mean, double P99)
{
    public static readonly GroupSizes None = new(0, 0);
}

/// <summary>
/// The service's histogram <c>quotaledger.command_group.size</c>, read from its <c>GET /metrics</c> (Prometheus's text
/// format) before and after a phase: the phase's groups are the difference.
/// </summary>
public sealed partial record CommandGroupHistogram(double Sum, double Count, IReadOnlyList<(double UpperBound, double Cumulative)> Buckets)
{
    private const string Name = "quotaledger_command_group_size";

    [GeneratedRegex("""^quotaledger_command_group_size_bucket\{[^}]*le="([^"]+)"[^}]*\} ([0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex BucketLine();

    public static async Task<CommandGroupHistogram?> ReadAsync(HttpClient http)
    {
        string text;
        try
        {
            text = await http.GetStringAsync("/metrics");
        }
        catch (HttpRequestException)
        {
            return null;
        }
        var buckets = BucketLine().Matches(text)
            .Select(m => (Bound(m.Groups[1].Value), Number(m.Groups[2].Value)))
            .OrderBy(b => b.Item1)
            .ToList();
        return new CommandGroupHistogram(Single(text, "_sum"), Single(text, "_count"), buckets);
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

    private static double Single(string text, string suffix) =>
        Regex.Match(text, $"^{Name}{suffix}(?:\\{{[^}}]*\\}})? ([0-9.eE+-]+)", RegexOptions.Multiline) is { Success: true } m ? Number(m.Groups[1].Value) : 0;

    private static double Bound(string le) => le == "+Inf" ? double.PositiveInfinity : Number(le);
    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
