using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Trading.Deals;

/// <summary>
/// The delivery record of a delivered deal: the buyer's new lots, each with its provenance, the seller's lot it came
/// from and its quantity, and when the quota left Inner Mongolia's ledger. Before delivery there is none (409).
/// </summary>
public sealed record GetDeliveryRecord(Guid DealId) : IQuery<DeliveryRecord>;

public sealed record DeliveryRecord(
    Guid DealId, string Number, string Buyer, QuotaKind Kind, PricedMeasure Measure, string Unit, decimal Quantity,
    DateTimeOffset DeliveredAt, IReadOnlyList<DeliveredLot> Lots);

/// <param name="LotId">The buyer's lot.</param>
/// <param name="FromLotId">The seller's lot it was split off (its parent).</param>
public sealed record DeliveredLot(
    Guid LotId, Guid FromLotId, decimal Quantity, Guid ProjectId, string ProjectName, [RegionCode] string OriginCounty, LandSource? LandSource,
    int? QualityGrade);

public sealed class GetDeliveryRecordHandler(DocumentReader reader, IDocumentStore store, RequestContext context)
    : IRequestHandler<GetDeliveryRecord, DeliveryRecord>
{
    public async Task<DeliveryRecord> Handle(GetDeliveryRecord query, CancellationToken ct)
    {
        var view = await reader.GetAsync<Deal>(context.Actor, query.DealId, withHistory: true, ct);
        var deal = view.Resource;
        if (deal.Status != DealStatus.Delivered)
            throw new RuleViolationException(Rule.InvalidState, $"Deal {deal.Number} is {Spelling.Of(deal.Status)}: nothing is delivered yet.");
        var deliveredAt = view.History!.Single(h => h.Data is DealDelivered).Timestamp;

        await using var session = store.QuerySession();
        var lots = await AggregateDocuments.LoadManyAsync<Lot>(session, deal.Deliveries.Select(d => d.BuyerLotId).ToArray(), ct);
        return new DeliveryRecord(deal.Id, deal.Number, deal.Buyer, deal.Kind, deal.Measure, deal.Measure.Unit(), deal.Quantity, deliveredAt,
            deal.Deliveries.Select(d =>
            {
                var provenance = lots[d.BuyerLotId].State.Provenance;
                return new DeliveredLot(d.BuyerLotId, d.FromLotId, d.Quantity, provenance.ProjectId, provenance.ProjectName, provenance.OriginCounty,
                    provenance.LandSource, provenance.QualityGrade);
            }).ToArray());
    }
}
