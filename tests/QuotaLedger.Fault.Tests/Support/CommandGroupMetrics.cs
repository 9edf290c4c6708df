using System.Globalization;
using System.Text.RegularExpressions;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>The service's command-group histograms, from its <c>GET /metrics</c>: since the process started.</summary>
public static class CommandGroupMetrics
{
    /// <summary>
    /// Groups of more than one command committed by the running process, and batches that wrote the events of more than
    /// one command; zeros when the metrics cannot be read.
    /// </summary>
    public static async Task<(long Commits, long WriteBatches)> SharedAsync(ApiClient api)
    {
        var metrics = await api.GetAsync("/metrics", token: null);
        if (metrics.Status != 200) return (0, 0);
        return (MoreThanOne(metrics.Body, "quotaledger_command_group_size"), MoreThanOne(metrics.Body, "quotaledger_command_group_write_batch"));
    }

    /// <summary>The histogram's observations above 1: its count less its first bucket's.</summary>
    private static long MoreThanOne(string metrics, string histogram) =>
        Number(Regex.Match(metrics, $$"""^{{histogram}}_count(?:\{[^}]*\})? (\S+)""", RegexOptions.Multiline))
        - Number(Regex.Match(metrics, $$"""^{{histogram}}_bucket\{[^}]*le="1"[^}]*\} (\S+)""", RegexOptions.Multiline));

    private static long Number(Match m) => m.Success ? (long)double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
}
