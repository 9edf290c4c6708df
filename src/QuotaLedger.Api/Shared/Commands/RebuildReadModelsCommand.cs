using Marten;
using QuotaLedger.Application;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Api.Shared.Commands;

/// <summary>
/// <c>rebuild-read-models</c>: replays every inline read model from the events, with the service stopped
/// (<see cref="InlineReadModels"/>). Run once after upgrading a database to a release that adds a read model, so that it
/// holds what the events recorded before it existed; then the asynchronous projections and the sealer catch up.
/// </summary>
public static class RebuildReadModelsCommand
{
    public static async Task<int> RunAsync(string connectionString, TamperEvidenceKeys keys)
    {
        var ct = CancellationToken.None;
        await using var dataSource = StoreDataSource.Create(connectionString);
        await using var martenStore = new DocumentStore(DependencyInjection.StoreOptionsFor(dataSource, RegionCatalog.InnerMongolia, keys));
        IDocumentStore store = martenStore;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await InlineReadModels.RebuildAsync(store, dataSource, ct);
        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.CatchUpAsync(ct);
        Console.WriteLine($"Rebuilt the documents and the tables {string.Join(", ", InlineReadModels.Tables)} from the events; " +
                          "the asynchronous projections and the sealer caught up.");
        return 0;
    }
}
