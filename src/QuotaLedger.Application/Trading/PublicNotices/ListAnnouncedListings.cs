using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.PublicNotices;

/// <summary>公告: the listings announced or trading, for anyone to read without logging in.</summary>
public sealed record ListAnnouncedListings : IQuery<IReadOnlyList<AnnouncedListing>>;

/// <param name="Unit">What the prices are per: <c>mu</c> or <c>kg</c>.</param>
/// <param name="BestPrice">An auction's best bid so far (no bidder is named), or null.</param>
/// <param name="NamedBuyersOnly">Open only to buyers the centre named (who they are is not published).</param>
public sealed record AnnouncedListing(
    Guid Id, string Number, QuotaKind Kind, PricedMeasure Measure, string Unit, ListingMode Mode, ListingStatus Status, string Seller,
    string SellerName, decimal Quantity, decimal Remaining, decimal StartPrice, decimal Increment, decimal? Cap, decimal Deposit,
    decimal? BestPrice, DateTimeOffset NoticeStart, DateTimeOffset TradingStart, DateTimeOffset ClosesAt, bool NamedBuyersOnly,
    IReadOnlyList<PublicProvenance> Lots);

public sealed class ListAnnouncedListingsHandler(PublicNoticeBoard board, TimeProvider clock)
    : IRequestHandler<ListAnnouncedListings, IReadOnlyList<AnnouncedListing>>
{
    public async Task<IReadOnlyList<AnnouncedListing>> Handle(ListAnnouncedListings query, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var announced = (await board.AllAsync<Listing>(ct))
            .Where(l => l.Status is ListingStatus.Notice or ListingStatus.Trading && l.Terms.NoticeStart <= now).ToArray();
        var provenance = await board.ProvenanceAsync(announced, ct);
        return announced.Select(l => new AnnouncedListing(l.Id, l.Number, l.Kind, l.Terms.Measure, l.Terms.Measure.Unit(), l.Terms.Mode,
            l.Status, l.Seller, board.RegionName(l.Seller), l.Terms.Quantity, l.Remaining, l.Terms.StartPrice, l.Terms.Increment, l.Terms.Cap,
            l.Terms.Deposit, l.HighestBid?.UnitPrice, l.Terms.NoticeStart, l.Terms.TradingStart, l.ClosesAt, l.Terms.EligibleBuyers is not null,
            provenance[l.Id])).ToArray();
    }
}
