using Marten;
using QuotaLedger.Application;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Api.Shared.Commands;

/// <summary>
/// <c>verify-ledger</c>: recomputes every stream's hash chain and the chain of sealed blocks, and prints what was altered,
/// removed or added, first event first. Exit code 0 when the history is intact, 1 when not.
/// </summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(string connectionString)
    {
        await using var dataSource = StoreDataSource.Create(connectionString);
        // A database last used by an older version gets the current schema first, as the service would at start-up.
        await using (var store = new DocumentStore(DependencyInjection.StoreOptionsFor(dataSource, RegionCatalog.InnerMongolia)))
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var findings = await new LedgerVerifier(dataSource).VerifyAsync(CancellationToken.None);
        if (findings.Count == 0)
        {
            Console.WriteLine("The ledger's history is intact: every event's hash chain and every sealed block match.");
            return 0;
        }
        Console.WriteLine($"The ledger's history was changed: {findings.Count} finding(s), first altered or missing event first.");
        foreach (var finding in findings) Console.WriteLine($"  {finding}");
        return 1;
    }
}
