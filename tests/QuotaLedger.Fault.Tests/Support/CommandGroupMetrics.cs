using System.Globalization;
using System.Text.RegularExpressions;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>The service's command-group histograms, from its <c>GET /metrics</c>: since the process started.</summary>
public static partial class CommandGroupMetrics
{
    [GeneratedRegex("""^quotaledger_command_group_size_count(?:\{[^}]*\})? (\S+)""", RegexOptions.Multiline)]
    private static partial Regex Count();

    [GeneratedRegex("""^quotaledger_command_group_size_bucket\{[^}]*le="1"[^}]*\} (\S+)""", RegexOptions.Multiline)]
    private static partial Regex Singles();

    [GeneratedRegex("""^quotaledger_command_group_write_batch_count(?:\{[^}]*\})? (\S+)""", RegexOptions.Multiline)]
    private static partial Regex BatchCount();

    [GeneratedRegex("""^quotaledger_command_group_write_batch_bucket\{[^}]*le="1"[^}]*\} (\S+)""", RegexOptions.Multiline)]
    private static partial Regex SingleBatches();

    /// <summary>
    /// Groups of more than one command committed by the running process, and batches that wrote the events of more than
    /// one command; zeros when the metrics cannot be read.
    /// </summary>
    public static async Task<(long Commits, long WriteBatches)> SharedAsync(ApiClient api)
    {
        var metrics = await api.GetAsync("/metrics", token: null);
        if (metrics.Status != 200) return (0, 0);
        return (Number(Count().Match(metrics.Body)) - Number(Singles().Match(metrics.Body)),
            Number(BatchCount().Match(metrics.Body)) - Number(SingleBatches().Match(metrics.Body)));
    }

    private static long Number(Match m) => m.Success ? (long)double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
}
