using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Oversight;
using QuotaLedger.Application.Trading;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// The read models the inline projections keep in the command's transaction: the aggregate documents and each module's
/// tables. They are rebuilt from the events where a release adds one to a database that already holds events (the
/// oversight module's progress and lot routes start empty on a ledger kept before it), and by the benchmark.
/// </summary>
public static class InlineReadModels
{
    /// <summary>The tables the inline projections write, emptied before they are replayed (Marten empties the documents itself).</summary>
    public static IReadOnlyList<string> Tables =>
        [.. LedgerModule.InlineTables, .. TradingModule.InlineTables, .. OversightModule.InlineTables];

    /// <summary>
    /// Empties the tables and replays every inline projection through Marten's daemon, with the service stopped: a
    /// command committing meanwhile would be replayed twice or lost from the tables. The events' MACs are no read model:
    /// they are never replaced.
    /// </summary>
    public static async Task RebuildAsync(IDocumentStore store, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using (var truncate = dataSource.CreateCommand(
                         $"TRUNCATE {string.Join(", ", Tables.Select(t => MartenSetup.ObjectName(t).QualifiedName))}"))
            await truncate.ExecuteNonQueryAsync(ct);
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in store.Options.Events.Projections()
                     .Where(p => p.Lifecycle == ProjectionLifecycle.Inline && p.Name != EventMacs.Name))
            await daemon.RebuildProjectionAsync(projection.Name, ct);
    }
}
