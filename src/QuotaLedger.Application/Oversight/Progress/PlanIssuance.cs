using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared.Regions;
using Weasel.Core;
using Weasel.Postgresql.Tables;
using static QuotaLedger.Store.MartenSetup;

namespace QuotaLedger.Application.Oversight.Progress;

/// <summary>
/// R10's progress read model, inline with the ledger's lot events: one line per storage approval's issued lot (its origin
/// county, kind, plan year and measures) and one, negative, per reversal of such an approval, each with its event's
/// sequence and timestamp, so that progress as of any moment is a sum of the lines up to it. Transfers, sales and
/// consumption change nothing here: progress counts quota created in a prefecture, wherever it went since.
/// </summary>
/// <remarks>
/// The plan year is the lot's <see cref="Provenance.PlanYear"/>, the year of its acceptance. Lots issued before it was
/// recorded have none; their year is that of the approval's timestamp (UTC), the nearest the ledger knows. A reversal's
/// event names the lot only, so its line takes county, kind and plan year from the lot's issuance line.
/// </remarks>
public sealed class PlanIssuanceProjection(RegionCatalog regions) : IProjection
{
    public const string Issued = "issued";
    public const string Reversed = "reversed";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var issued = events.Where(e => e.Data is LotIssued).Select(e => (Event: e, Lot: (LotIssued)e.Data)).ToArray();
        if (issued.Length > 0)
            operations.QueueSqlCommand($"""
                INSERT INTO {Schema}.ql_plan_issuance (seq_id, entry, lot_id, county, prefecture, kind, plan_year, area, grain, paddy, timestamp)
                SELECT u.seq_id, '{Issued}', u.lot_id, u.county, u.prefecture, u.kind, u.plan_year, u.area, u.grain, u.paddy, u.timestamp
                FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::integer[], ?::numeric[], ?::numeric[], ?::numeric[], ?::timestamptz[])
                    AS u (seq_id, lot_id, county, prefecture, kind, plan_year, area, grain, paddy, timestamp)
                """,
                issued.Select(i => i.Event.Sequence).ToArray(), issued.Select(i => i.Lot.LotId).ToArray(),
                issued.Select(i => i.Lot.Provenance.OriginCounty).ToArray(),
                issued.Select(i => regions.PrefectureOf(i.Lot.Provenance.OriginCounty) ?? i.Lot.Provenance.OriginCounty).ToArray(),
                issued.Select(i => Journal.KindName(i.Lot.Kind)).ToArray(),
                issued.Select(i => i.Lot.Provenance.PlanYear ?? i.Event.Timestamp.UtcDateTime.Year).ToArray(),
                issued.Select(i => i.Lot.Amount.Area).ToArray(), issued.Select(i => i.Lot.Amount.GrainCapacity).ToArray(),
                issued.Select(i => i.Lot.Amount.PaddyArea).ToArray(), issued.Select(i => i.Event.Timestamp).ToArray());

        var reversed = events.Where(e => e.Data is LotIssuanceReversed).Select(e => (Event: e, Lot: (LotIssuanceReversed)e.Data)).ToArray();
        if (reversed.Length > 0)
            operations.QueueSqlCommand($"""
                INSERT INTO {Schema}.ql_plan_issuance (seq_id, entry, lot_id, county, prefecture, kind, plan_year, area, grain, paddy, timestamp)
                SELECT u.seq_id, '{Reversed}', i.lot_id, i.county, i.prefecture, i.kind, i.plan_year, -u.area, -u.grain, -u.paddy, u.timestamp
                FROM unnest(?::bigint[], ?::uuid[], ?::numeric[], ?::numeric[], ?::numeric[], ?::timestamptz[])
                    AS u (seq_id, lot_id, area, grain, paddy, timestamp)
                JOIN {Schema}.ql_plan_issuance i ON i.lot_id = u.lot_id AND i.entry = '{Issued}'
                """,
                reversed.Select(r => r.Event.Sequence).ToArray(), reversed.Select(r => r.Lot.LotId).ToArray(),
                reversed.Select(r => r.Lot.Amount.Area).ToArray(), reversed.Select(r => r.Lot.Amount.GrainCapacity).ToArray(),
                reversed.Select(r => r.Lot.Amount.PaddyArea).ToArray(), reversed.Select(r => r.Event.Timestamp).ToArray());
        return Task.CompletedTask;
    }

    /// <summary>The table, with the column types PostgreSQL itself reports, so that a migration finds nothing to change.</summary>
    public static ISchemaObject Table()
    {
        var table = new Table(ObjectName("ql_plan_issuance"));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn<string>("entry").NotNull();
        table.AddColumn<Guid>("lot_id").NotNull();
        table.AddColumn<string>("county").NotNull();
        table.AddColumn<string>("prefecture").NotNull();
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn<int>("plan_year").NotNull();
        table.AddColumn("area", "numeric(22,4)").NotNull();
        table.AddColumn("grain", "numeric(22,2)").NotNull();
        table.AddColumn("paddy", "numeric(22,4)").NotNull();
        table.AddColumn<DateTimeOffset>("timestamp").NotNull();
        table.Indexes.Add(new IndexDefinition("ql_plan_issuance_year") { Columns = ["plan_year", "prefecture", "kind"] });
        table.Indexes.Add(new IndexDefinition("ql_plan_issuance_lot") { Columns = ["lot_id"] });
        return table;
    }
}
