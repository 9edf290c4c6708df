using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using QuotaLedger.Domain.Ledger.Lots;
using Weasel.Postgresql.Tables;
using static QuotaLedger.Store.MartenSetup;

namespace QuotaLedger.Application.Oversight.HomeBalance;

/// <summary>
/// The route of every lot, for the report on balance at home (R6): its holder, the county whose project created it, and
/// the lot it was split from (none for a lot issued by storage approval). Following the parents gives every holder a
/// unit of quota passed through on its way to the lot a county consumed from.
/// </summary>
public static class LotRoutes
{
    public static Table Table()
    {
        var table = new Table(ObjectName("ql_lot_routes"));
        table.AddColumn<Guid>("lot_id").AsPrimaryKey();
        table.AddColumn<Guid>("parent_lot_id");
        table.AddColumn<string>("holder").NotNull();
        table.AddColumn<string>("origin_county").NotNull();
        return table;
    }
}

/// <summary>
/// Writes a lot's route when it opens (<see cref="LotIssued"/>, <see cref="LotReceived"/>), inline: in the transaction
/// that opens it. A route never changes after, so one insert per lot is all, and a route already written is left as it is:
/// rebuilding the projection through Marten's daemon on a database that has some routes fills in the missing ones.
/// </summary>
public sealed class LotRoutesProjection : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var data = events.Select(e => e.Data).ToArray();
        var opened = data.OfType<LotIssued>().Select(i => (i.LotId, Parent: (Guid?)null, i.Holder, i.Provenance.OriginCounty))
            .Concat(data.OfType<LotReceived>().Select(r => (r.LotId, Parent: r.Provenance.ParentLotId, r.Holder, r.Provenance.OriginCounty)))
            .ToArray();
        if (opened.Length == 0) return Task.CompletedTask;
        operations.QueueSqlCommand($"""
            INSERT INTO {Schema}.ql_lot_routes (lot_id, parent_lot_id, holder, origin_county)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[])
            ON CONFLICT (lot_id) DO NOTHING
            """,
            opened.Select(o => o.LotId).ToArray(), opened.Select(o => o.Parent).ToArray(), opened.Select(o => o.Holder).ToArray(),
            opened.Select(o => o.OriginCounty).ToArray());
        return Task.CompletedTask;
    }
}
