using JasperFx.Events.Projections;
using Marten;
using QuotaLedger.Application;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Api.Shared.Commands;

/// <summary>
/// <c>import-legacy-store</c>: the one-off move of a database kept by QuotaLedger's own event store onto Marten
/// (<see cref="LegacyStore"/>). The old chains are checked first; afterwards every read model is rebuilt from the
/// copied events (also their MACs, with the current key: the old store had none, and its own chains were checked first),
/// the async projections and the sealer catch up, and the new chains, MACs and seals are verified.
/// </summary>
public static class ImportLegacyStoreCommand
{
    public static async Task<int> RunAsync(string connectionString, TamperEvidenceKeys keys)
    {
        var ct = CancellationToken.None;
        await using var dataSource = StoreDataSource.Create(connectionString);
        if (!await LegacyStore.IsPresentAsync(dataSource, ct))
        {
            Console.WriteLine("This database holds no legacy event store (public.ql_events): nothing to import.");
            return 0;
        }
        var broken = await LegacyStore.MoveAsideAsync(dataSource, ct);
        if (broken > 0)
        {
            Console.Error.WriteLine($"The legacy store's hash chains do not verify ({broken} events): nothing was imported. " +
                                    "Restore the database from a backup, or find out who changed it, before importing.");
            return 1;
        }
        Console.WriteLine($"The legacy tables are now in the schema {LegacyStore.LegacySchema}.");

        await using var martenStore = new DocumentStore(DependencyInjection.StoreOptionsFor(dataSource, RegionCatalog.InnerMongolia, keys));
        IDocumentStore store = martenStore;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var clrTypes = store.Options.Events.AllKnownEventTypes().ToDictionary(t => t.EventTypeName, t => t.DotNetTypeName);
        var copied = await LegacyStore.CopyAsync(dataSource, clrTypes, ct);
        Console.WriteLine($"Copied {copied} events into Marten's tables.");

        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            foreach (var projection in store.Options.Events.Projections().Where(p => p.Lifecycle == ProjectionLifecycle.Inline))
                await daemon.RebuildProjectionAsync(projection.Name, ct);
            await daemon.CatchUpAsync(ct);
        }
        Console.WriteLine("Rebuilt the documents and read models, signed the events; the async projections and the sealer caught up.");

        var findings = await new LedgerVerifier(dataSource, store, keys).VerifyAsync(ct);
        foreach (var finding in findings) Console.Error.WriteLine($"  {finding}");
        if (findings.Count > 0) return 1;
        Console.WriteLine("Every imported event is chained and sealed, and verifies. The service can start on this database.");
        return 0;
    }
}
