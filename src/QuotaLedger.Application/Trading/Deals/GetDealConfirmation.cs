using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Trading.Deals;

/// <summary>
/// 成交确认书: what the buyer is to pay and for what: the deal's number, the lots in escrow with their provenance and
/// quantities, the unit price and price, the deposit credited, the amount due, the deadlines, and what was paid so far.
/// </summary>
public sealed record GetDealConfirmation(Guid DealId) : IQuery<DealConfirmation>;

/// <param name="NextDeadline">The deadline of the first tranche the payments do not yet cover; null once all is paid.</param>
public sealed record DealConfirmation(
    Guid DealId,
    string Number,
    DealSource Source,
    DealStatus Status,
    [RegionCode] string Seller,
    Guid BuyerId,
    string BuyerName,
    string BuyerProvince,
    QuotaKind Kind,
    PricedMeasure Measure,
    string Unit,
    decimal Quantity,
    decimal UnitPrice,
    decimal Price,
    decimal DepositCredited,
    decimal AmountDue,
    decimal Paid,
    decimal Outstanding,
    DateTimeOffset? NextDeadline,
    IReadOnlyList<PaymentTranche> Tranches,
    IReadOnlyList<DealPayment> Payments,
    IReadOnlyList<DealLot> Lots,
    DateTimeOffset ConcludedAt,
    long Version);

/// <summary>A lot of a deal with its provenance (R9: the buyer sees where the quota was made) and the quantity from it.</summary>
public sealed record DealLot(
    Guid LotId, decimal Quantity, Guid ProjectId, string ProjectName, [RegionCode] string OriginCounty, LandSource? LandSource, int? QualityGrade);

public sealed class GetDealConfirmationHandler(DocumentReader reader, IDocumentStore store, RequestContext context)
    : IRequestHandler<GetDealConfirmation, DealConfirmation>
{
    public async Task<DealConfirmation> Handle(GetDealConfirmation query, CancellationToken ct)
    {
        var view = await reader.GetAsync<Deal>(context.Actor, query.DealId, withHistory: false, ct);
        var deal = view.Resource;
        await using var session = store.QuerySession();
        var lots = await AggregateDocuments.LoadManyAsync<Lot>(session, deal.LotIds.ToArray(), ct);
        var buyer = (await AggregateDocuments.LoadManyAsync<Buyer>(session, [deal.BuyerId], ct))[deal.BuyerId].State;

        return new DealConfirmation(deal.Id, deal.Number, deal.Source, deal.Status, deal.Seller, deal.BuyerId, buyer.Name, buyer.ProvinceCode,
            deal.Kind, deal.Measure, deal.Measure.Unit(), deal.Quantity, deal.UnitPrice, deal.Price, deal.DepositCredited, deal.AmountDue,
            deal.Paid, deal.Outstanding, deal.NextDeadline, deal.Tranches, deal.Payments,
            deal.Shares.Select(s => DealLots.Of(lots[s.LotId].State, deal.Measure.Of(s.Amount))).ToArray(), deal.ConcludedAt, view.Version);
    }
}

public static class DealLots
{
    public static DealLot Of(Lot lot, decimal quantity) =>
        new(lot.Id, quantity, lot.Provenance.ProjectId, lot.Provenance.ProjectName, lot.Provenance.OriginCounty, lot.Provenance.LandSource,
            lot.Provenance.QualityGrade);
}
