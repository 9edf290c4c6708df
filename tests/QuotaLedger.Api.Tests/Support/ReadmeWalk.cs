using System.Diagnostics;
using System.Text.RegularExpressions;

namespace QuotaLedger.Api.Tests.Support;

/// <summary>
/// The service as a newcomer finds it after <c>./run.sh</c>: on Kestrel, keeping the time of day, checking the tokens
/// <c>./run.sh token</c> mints, and running its timed commands every second.
/// </summary>
public sealed class NewcomersApi : KestrelLedgerApi
{
    public NewcomersApi()
    {
        RealTime = true;
        DevelopmentTokens = true;
        TimedCommandsPeriodSeconds = 1;
    }
}

/// <summary>
/// A section of README.md (or README.zh-CN.md) that a newcomer pastes into a shell: its ```bash blocks, in order, in one
/// bash with <c>set -euo pipefail</c>, from the repository's root, against the service at <c>$QL</c>.
/// </summary>
public static partial class ReadmeWalk
{
    /// <summary>
    /// Runs the section under <paramref name="heading"/> and fails with its output when a command fails; answers what it
    /// printed on standard output.
    /// </summary>
    public static async Task<string> RunAsync(string heading, Uri service, string file = "README.md")
    {
        var readme = RepositoryFiles.PathOf(file);
        var script = "set -euo pipefail\n" + string.Join("\n", BashBlocks(await File.ReadAllTextAsync(readme), heading));
        var bash = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = Path.GetDirectoryName(readme)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["QL"] = service.ToString().TrimEnd('/') },
        };
        using var run = Process.Start(bash)!;
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await run.WaitForExitAsync(timeout.Token);

        Assert.True(run.ExitCode == 0, $"The README's section '{heading}' failed ({run.ExitCode}):\n{await errors}\n{await output}");
        return await output;
    }

    /// <summary>The section's ```bash blocks; a section without one would test nothing and fails instead.</summary>
    private static IReadOnlyList<string> BashBlocks(string readme, string heading)
    {
        var start = readme.IndexOf($"\n{heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The README has no section '{heading}'.");
        var end = readme.IndexOf("\n## ", start + heading.Length + 2, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var blocks = Block().Matches(section).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(blocks);
        return blocks;
    }

    [GeneratedRegex(@"```bash\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
