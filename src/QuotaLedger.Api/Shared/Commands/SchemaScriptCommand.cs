using Marten;
using Npgsql;
using QuotaLedger.Application;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Api.Shared.Commands;

/// <summary>
/// <c>schema-script &lt;file&gt;</c>: writes the full script that creates QuotaLedger's schema (Marten's tables, the
/// ledger's own, tamper evidence), for a DBA to review before the service is let loose on a database. Connects nowhere.
/// </summary>
public static class SchemaScriptCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var file])
        {
            Console.Error.WriteLine("usage: schema-script <file>");
            return 2;
        }
        // Marten needs a data source and the keys to be configured; writing the script never opens the one nor uses the other.
        await using var dataSource = NpgsqlDataSource.Create("Host=localhost");
        await using var store = new DocumentStore(
            DependencyInjection.StoreOptionsFor(dataSource, RegionCatalog.InnerMongolia, TamperEvidenceKeys.Throwaway()));
        await store.Storage.WriteCreationScriptToFile(Path.GetFullPath(file));
        Console.WriteLine($"The creation script is in {Path.GetFullPath(file)}.");
        return 0;
    }
}
