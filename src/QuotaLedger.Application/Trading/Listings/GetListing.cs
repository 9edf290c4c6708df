using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Listings;
using QuotaLedger.Store;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>A share of a listing's escrow with where its quota came from.</summary>
public sealed record EscrowedLot(
    Guid LotId, decimal Quantity, Guid ProjectId, string ProjectName, [RegionCode] string OriginCounty, LandSource? LandSource, int? QualityGrade)
{
    public static EscrowedLot Of(LotShare share, PricedMeasure measure, Provenance p) =>
        new(share.LotId, measure.Of(share.Amount), p.ProjectId, p.ProjectName, p.OriginCounty, p.LandSource, p.QualityGrade);
}

/// <summary>
/// A listing as the API shows it. To a buyer: only its own awards, the eligible buyers only when it is one of them
/// (itself), the best price but never who bid it, and no drafter, reviewer or history.
/// </summary>
public sealed record ListingDetail(
    Guid Id,
    string Number,
    [RegionCode] string Seller,
    ListingStatus Status,
    ListingTerms Terms,
    decimal Remaining,
    decimal? BestPrice,
    int BidCount,
    DateTimeOffset ClosesAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? PublicityEnds,
    ListingStatus? SuspendedFrom,
    string? Reason,
    IReadOnlyList<EscrowedLot> Escrow,
    IReadOnlyList<AwardOutcome> Awards,
    string? DraftedBy,
    string? ConsentGivenBy,
    string? ApprovedBy);

public sealed record GetListing(Guid ListingId) : IQuery<ResourceView<ListingDetail>>;

public sealed class GetListingHandler(IDocumentStore store, RequestContext context, AccessPolicy access)
    : IRequestHandler<GetListing, ResourceView<ListingDetail>>
{
    public async Task<ResourceView<ListingDetail>> Handle(GetListing query, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var (listing, version) = await ListingVisibility.RequireVisibleAsync(session, access, context.Actor, query.ListingId, ct);
        var lots = await AggregateDocuments.LoadManyAsync<Lot>(session, listing.Escrow.Select(s => s.LotId).Distinct().ToArray(), ct);
        var escrow = listing.Escrow.Select(s => EscrowedLot.Of(s, listing.Terms.Measure, lots[s.LotId].State.Provenance)).ToArray();

        var all = ListingVisibility.SeesAll(access, context.Actor, listing);
        var buyer = all ? (Guid?)null : Guid.Parse(context.Actor.Organisation);
        var terms = all || listing.Terms.EligibleBuyers is null ? listing.Terms : listing.Terms with { EligibleBuyers = [buyer!.Value] };
        var detail = new ListingDetail(listing.Id, listing.Number, listing.Seller, listing.Status, terms, listing.Remaining,
            listing.HighestBid?.UnitPrice, listing.Bids.Count, listing.ClosesAt, listing.ClosedAt, listing.PublicityEnds, listing.SuspendedFrom,
            listing.Reason, escrow, listing.Awards.Where(a => all || a.Award.BuyerId == buyer).ToArray(),
            all ? listing.DraftedBy : null, all ? listing.ConsentGivenBy : null, all ? listing.ApprovedBy : null);
        var history = all
            ? (await session.Events.FetchStreamAsync(query.ListingId, token: ct)).Select(e => HistoryEntry.From(RecordedEvent.From(e))).ToArray()
            : null;
        return new ResourceView<ListingDetail>(detail, version, history);
    }
}
