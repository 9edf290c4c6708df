using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.PublicNotices;

/// <summary>
/// 结果公示: the results of listings once the centre published them, and of listings that ended without a deal: what was
/// sold, at what price, to a buyer of which province. No bank reference, buyer name or contact is published.
/// </summary>
public sealed record ListTradingResults : IQuery<IReadOnlyList<TradingResult>>;

public sealed record PublicAward(decimal Quantity, decimal UnitPrice, decimal Price, string BuyerProvince, string BuyerProvinceName);

/// <param name="Outcome">Where the listing stands: publicity, deal, delivered, defaulted, no_deal or terminated.</param>
/// <param name="Reason">Why it ended without a deal, or was terminated.</param>
public sealed record TradingResult(
    Guid Id, string Number, QuotaKind Kind, PricedMeasure Measure, string Unit, ListingMode Mode, ListingStatus Outcome, decimal Quantity,
    DateTimeOffset? ClosedAt, DateTimeOffset? PublicityEnds, IReadOnlyList<PublicAward> Awards, string? Reason);

public sealed class ListTradingResultsHandler(PublicNoticeBoard board) : IRequestHandler<ListTradingResults, IReadOnlyList<TradingResult>>
{
    private static readonly ListingStatus[] Published =
    [
        ListingStatus.Publicity, ListingStatus.Deal, ListingStatus.Delivered, ListingStatus.Defaulted, ListingStatus.NoDeal,
        ListingStatus.Terminated,
    ];

    public async Task<IReadOnlyList<TradingResult>> Handle(ListTradingResults query, CancellationToken ct)
    {
        var listings = (await board.AllAsync<Listing>(ct)).Where(l => Published.Contains(l.Status)).ToArray();
        var provinces = (await board.AllAsync<Buyer>(ct)).ToDictionary(b => b.Id, b => b.ProvinceCode);
        return listings.Select(l => new TradingResult(l.Id, l.Number, l.Kind, l.Terms.Measure, l.Terms.Measure.Unit(), l.Terms.Mode, l.Status,
            l.Terms.Quantity, l.ClosedAt, l.PublicityEnds,
            l.Awards.Select(a => new PublicAward(a.Award.Quantity, a.Award.UnitPrice, a.Award.Price, provinces[a.Award.BuyerId],
                board.ProvinceName(provinces[a.Award.BuyerId]))).ToArray(),
            l.Status is ListingStatus.NoDeal or ListingStatus.Terminated ? l.Reason : null)).ToArray();
    }
}
