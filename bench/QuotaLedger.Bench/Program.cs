using System.Globalization;
using Microsoft.Extensions.Configuration;
using QuotaLedger.Api.Shared;
using QuotaLedger.Store;

namespace QuotaLedger.Bench;

/// <summary>
/// The benchmark's program; <c>bench/run.sh</c> runs its commands in order against a service it started:
/// <c>load</c> (seed lots over HTTP, then closed-loop transfers, consumptions, balance and asOf reads),
/// <c>fill</c> (in-process appends up to N events), <c>rebuild</c> (asynchronous and inline projections),
/// <c>reads</c> (balance and asOf reads with the filled store) and <c>report</c> (the table).
/// Every measurement is appended to a tab-separated results file that <c>report</c> reads.
/// </summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: QuotaLedger.Bench <load|fill|rebuild|reads|report> [--option value]...");
            return 2;
        }
        var options = Options.Parse(args[1..]);
        try
        {
            switch (args[0])
            {
                case "load": await HttpPhases.LoadAsync(options); break;
                case "reads": await HttpPhases.ReadsAsync(options); break;
                case "fill": await EventFill.FillAsync(options); break;
                case "rebuild": await Rebuilds.RunAsync(options); break;
                case "report": Report.Print(options); break;
                default:
                    Console.Error.WriteLine($"unknown command {args[0]}");
                    return 2;
            }
            return 0;
        }
        catch (BenchFailure e)
        {
            Console.Error.WriteLine($"bench: {e.Message}");
            return 1;
        }
    }
}

public sealed class BenchFailure(string message) : Exception(message);

public sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) throw new BenchFailure($"unexpected argument {args[i]}");
            var name = args[i][2..];
            values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[++i] : "true";
        }
        return new Options(values);
    }

    public string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new BenchFailure($"--{name} is required");
    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public int[] Ints(string name, string fallback) =>
        Get(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// The keys of the service's settings file <c>--settings</c> (its appsettings.Development.json): the events the bench
    /// appends in-process are signed as the service it runs would sign them.
    /// </summary>
    public TamperEvidenceKeys TamperEvidenceKeys() => TamperEvidenceSettings.KeysFrom(
        new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(Get("settings")), optional: false).Build());
}
