using System.Diagnostics;
using System.Text.RegularExpressions;
using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// The service as a newcomer finds it after <c>./run.sh</c>: on Kestrel, keeping the time of day, checking the tokens
/// <c>./run.sh token</c> mints, and running its trading clock every second.
/// </summary>
public sealed class ReadmeBuyersApi : KestrelLedgerApi
{
    public ReadmeBuyersApi()
    {
        RealTime = true;
        DevelopmentTokens = true;
        TimedCommandsPeriodSeconds = 1;
    }
}

/// <summary>The README's section "For buyers", run as written: its bash blocks, in order, in one shell, with curl.</summary>
public sealed partial class ReadmeBuyersTests(ReadmeBuyersApi api) : IClassFixture<ReadmeBuyersApi>
{
    private const string Heading = "## For buyers";

    [Fact]
    public async Task The_walk_from_a_token_to_delivered_quota_works_as_written()
    {
        var script = "set -euo pipefail\n" + string.Join("\n", BashBlocks(await File.ReadAllTextAsync(RepositoryFiles.PathOf("README.md"))));
        var bash = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = Path.GetDirectoryName(RepositoryFiles.PathOf("README.md"))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["QL"] = api.Address.ToString().TrimEnd('/') },
        };
        using var run = Process.Start(bash)!;
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await run.WaitForExitAsync(timeout.Token);

        Assert.True(run.ExitCode == 0, $"The README's walk for buyers failed ({run.ExitCode}):\n{await errors}\n{await output}");
        Assert.Equal(1, await api.EventCountAsync("deal_delivered"));
        Assert.Empty(await api.VerifyAsync());
    }

    /// <summary>The section's ```bash blocks; a section without one would test nothing and fails instead.</summary>
    private static IReadOnlyList<string> BashBlocks(string readme)
    {
        var start = readme.IndexOf($"\n{Heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section '{Heading}'.");
        var end = readme.IndexOf("\n## ", start + Heading.Length + 2, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var blocks = Block().Matches(section).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(blocks);
        return blocks;
    }

    [GeneratedRegex(@"```bash\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
