using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using QuotaLedger.Domain.Shared.Regions;
using static QuotaLedger.Store.MartenSetup;

namespace QuotaLedger.Application.Ledger.Totals;

/// <summary>
/// Region-wide totals per kind and bucket, built by Marten's async daemon behind its high-water mark: the figures the
/// centre checks the ledger's balance equation against, without summing every holder on each read.
/// </summary>
/// <remarks>
/// Only Inner Mongolia's holders count (R2): quota sold is in the seller's <c>sold</c> bucket, and the buyer's lot that
/// received it would count it a second time.
/// </remarks>
public sealed class LedgerTotalsProjection(RegionCatalog regions) : IProjection
{
    public const string Name = "LedgerTotals";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var totals = Journal.Totals(Journal.LinesOf(events).Where(l => regions.IsHolder(l.Holder)), l => (l.Kind, l.Bucket))
            .OrderBy(t => t.Key).ToArray();
        if (totals.Length == 0) return Task.CompletedTask;
        operations.QueueSqlCommand($"""
            INSERT INTO {Schema}.ql_ledger_totals AS t (kind, bucket, area, grain, paddy)
            SELECT * FROM unnest(?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::numeric[])
            ON CONFLICT (kind, bucket) DO UPDATE
                SET area = t.area + excluded.area, grain = t.grain + excluded.grain, paddy = t.paddy + excluded.paddy
            """,
            totals.Select(t => t.Key.Kind).ToArray(), totals.Select(t => t.Key.Bucket).ToArray(),
            totals.Select(t => t.Total.Area).ToArray(), totals.Select(t => t.Total.GrainCapacity).ToArray(),
            totals.Select(t => t.Total.PaddyArea).ToArray());
        return Task.CompletedTask;
    }
}
