
namespace QuotaLedger.Api.Tests.Support;

/// <summary>Files of the repository the tests run from (found by QuotaLedger.sln above the test binaries).</summary>
public static class RepositoryFiles
{
    public static string PathOf(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QuotaLedger.sln")))
                return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException($"No QuotaLedger.sln above {AppContext.BaseDirectory}.");
    }
}
