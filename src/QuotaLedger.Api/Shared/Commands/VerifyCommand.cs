using System.Text.Json;
using Marten;
using QuotaLedger.Application;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Api.Shared.Commands;

/// <summary>
/// <c>verify-ledger [--against &lt;receipt file&gt;]</c>: recomputes every stream's hash chain, every event's MAC and the
/// chain of signed seals, and prints what was altered, removed or added, first event first; with a receipt
/// (<c>ledger-receipt</c>), also that the history up to it is still the one it was given for. Exit code 0 when the
/// history is intact, 1 when not, 2 when the arguments or the receipt cannot be read.
/// </summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(string connectionString, TamperEvidenceKeys keys, string[] args)
    {
        SealReceipt? receipt = null;
        switch (args)
        {
            case []:
                break;
            case ["--against", var file]:
                try
                {
                    receipt = SealReceipt.Parse(await File.ReadAllTextAsync(file));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
                {
                    Console.Error.WriteLine($"The receipt {file} cannot be read: {e.Message}");
                    return 2;
                }
                break;
            default:
                Console.Error.WriteLine("usage: verify-ledger [--against <receipt file>]");
                return 2;
        }

        await using var dataSource = StoreDataSource.Create(connectionString);
        // A database last used by an older version gets the current schema first, as the service would at start-up.
        await using var store = new DocumentStore(DependencyInjection.StoreOptionsFor(dataSource, RegionCatalog.InnerMongolia, keys));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var findings = await new LedgerVerifier(dataSource, store, keys).VerifyAsync(CancellationToken.None, receipt);
        if (findings.Count == 0)
        {
            Console.WriteLine("The ledger's history is intact: every event's hash chain and MAC and every signed seal match" +
                              (receipt is null ? "." : $", and sealed block {receipt.Block} is the one of the receipt."));
            return 0;
        }
        Console.WriteLine($"The ledger's history was changed: {findings.Count} finding(s), first altered or missing event first.");
        foreach (var finding in findings) Console.WriteLine($"  {finding}");
        return 1;
    }
}
