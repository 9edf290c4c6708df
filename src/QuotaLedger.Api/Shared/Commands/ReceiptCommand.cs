using QuotaLedger.Store;

namespace QuotaLedger.Api.Shared.Commands;

/// <summary>
/// <c>ledger-receipt</c>: prints the latest signed seal as a small JSON receipt (<see cref="SealReceipt"/>) to keep
/// outside the database; <c>verify-ledger --against &lt;file&gt;</c> later checks the ledger against it. Exit code 0
/// with the receipt on stdout, 1 when nothing is sealed yet or the latest seal's signature does not verify.
/// </summary>
public static class ReceiptCommand
{
    public static async Task<int> RunAsync(string connectionString, TamperEvidenceKeys keys)
    {
        await using var dataSource = StoreDataSource.Create(connectionString);
        switch (await Seal.LatestAsync(dataSource, CancellationToken.None))
        {
            case null:
                Console.Error.WriteLine("Nothing is sealed yet: the sealer seals committed events within seconds of the service running.");
                return 1;
            case var seal when !seal.IsSignedUnder(keys):
                Console.Error.WriteLine($"The latest seal (block {seal.Block}) does not verify with the configured keys: " +
                                        "no receipt is given for it. Run ./run.sh verify.");
                return 1;
            case var seal:
                Console.WriteLine(SealReceipt.Of(seal).ToJson());
                return 0;
        }
    }
}
