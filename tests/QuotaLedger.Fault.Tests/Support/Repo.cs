namespace QuotaLedger.Fault.Tests.Support;

/// <summary>Where the repository and the service's build output are, found from the test assembly's own folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built in (bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    /// <summary>
    /// QuotaLedger.Api.dll as its own project built it (with its runtimeconfig, deps and appsettings): the project
    /// reference builds it in the same configuration as the tests.
    /// </summary>
    public static string ApiDll { get; } = FindApiDll();

    public static string ApiDirectory => Path.GetDirectoryName(ApiDll)!;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QuotaLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No QuotaLedger.sln above {AppContext.BaseDirectory}.");
    }

    private static string FindApiDll()
    {
        var bin = Path.Combine(Root, "src", "QuotaLedger.Api", "bin");
        var preferred = Path.Combine(bin, Configuration, "net10.0", "QuotaLedger.Api.dll");
        if (Runnable(preferred)) return preferred;
        // Another configuration's output, the newest: better than nothing when the layout is unusual.
        var any = Directory.Exists(bin)
            ? Directory.GetFiles(bin, "QuotaLedger.Api.dll", SearchOption.AllDirectories).Where(Runnable)
                .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return any ?? throw new InvalidOperationException($"QuotaLedger.Api.dll is not built: expected {preferred}.");
    }

    private static bool Runnable(string dll) =>
        File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"));

    /// <summary>Whether the long fault runs are asked for (QUOTALEDGER_LONG_FAULTS=1).</summary>
    public static bool LongFaults => Environment.GetEnvironmentVariable("QUOTALEDGER_LONG_FAULTS") == "1";

    /// <summary>The seed of a test's random inputs: QUOTALEDGER_FAULT_SEED when set (to replay a run), else a fixed one.</summary>
    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("QUOTALEDGER_FAULT_SEED"), out var seed) ? seed : fallback;
}
