using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Deals;

namespace QuotaLedger.Application.Trading.Proceeds;

/// <summary>
/// One county's part of one delivered deal (P-2022 §二(三)2): the quantity its lots delivered and the yuan attributed to
/// it, with what a statement shows of the deal and when it was delivered.
/// </summary>
public sealed record ProceedsLine(
    Guid Id, Guid DealId, string Number, string County, string Prefecture, QuotaKind Kind, PricedMeasure Measure, decimal Quantity,
    decimal Amount, Guid BuyerId, DateTimeOffset DeliveredAt);

/// <summary>
/// Writes a <see cref="ProceedsLine"/> document per county of each <see cref="DealDelivered"/>, inline: the statement is
/// a Marten document query, indexed by county, prefecture and time, current as soon as the payment is confirmed.
/// </summary>
/// <remarks>
/// The deal documents alone would not do: a statement is by delivery date, which a deal does not keep, and a county's
/// statement would have to look inside every deal's proceeds.
/// </remarks>
public sealed class ProceedsProjection(RegionCatalog regions) : IProjection
{
    public static void Register(StoreOptions opts, RegionCatalog regions)
    {
        opts.Projections.Add(new ProceedsProjection(regions), JasperFx.Events.Projections.ProjectionLifecycle.Inline);
        opts.Schema.For<ProceedsLine>().DocumentAlias("proceeds_line")
            .Duplicate(l => l.County, notNull: true)
            .Duplicate(l => l.Prefecture, notNull: true)
            .Duplicate(l => l.DeliveredAt, notNull: true);
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var delivered = events.Where(e => e.Data is DealDelivered).ToArray();
        if (delivered.Length == 0) return;
        // A deal's terms never change after it is concluded, so its document as stored before this batch is the one to read.
        var deals = await AggregateDocuments.LoadManyAsync<Deal>(operations, delivered.Select(e => ((DealDelivered)e.Data).DealId).ToArray(), ct);
        foreach (var e in delivered)
        {
            var delivery = (DealDelivered)e.Data;
            var deal = deals[delivery.DealId].State;
            foreach (var part in delivery.Proceeds)
                operations.Store(new ProceedsLine(StreamIds.Derived("proceeds", $"{deal.Id}:{part.County}"), deal.Id, deal.Number, part.County,
                    regions.PrefectureOf(part.County)!, deal.Kind, deal.Measure, part.Quantity, part.Amount, deal.BuyerId, e.Timestamp));
        }
    }
}
