using System.Diagnostics;
using Xunit.Abstractions;

namespace QuotaLedger.Fault.Tests;

/// <summary>Timestamped lines to the test's output (shown for failed tests and in the trx file).</summary>
public sealed class Log(ITestOutputHelper output)
{
    private readonly Stopwatch watch = Stopwatch.StartNew();

    public void Write(string line)
    {
        try
        {
            output.WriteLine($"[{watch.Elapsed.TotalSeconds,7:F1}s] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test has ended (a straggling worker); nothing to write to.
        }
    }

    public TimeSpan Elapsed => watch.Elapsed;
}
