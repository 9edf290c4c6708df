using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Buyers;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>The bids on an auction, oldest first: all of them to the centre and the seller, its own to a buyer.</summary>
public sealed record ListListingBids(Guid ListingId) : IQuery<IReadOnlyList<ListingBid>>;

public sealed class ListListingBidsHandler(IDocumentStore store, RequestContext context, AccessPolicy access)
    : IRequestHandler<ListListingBids, IReadOnlyList<ListingBid>>
{
    public async Task<IReadOnlyList<ListingBid>> Handle(ListListingBids query, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var listing = (await ListingVisibility.RequireVisibleAsync(session, access, context.Actor, query.ListingId, ct)).State;
        return ListingVisibility.SeesAll(access, context.Actor, listing)
            ? listing.Bids
            : listing.Bids.Where(b => b.BuyerId == BuyerActors.IdOf(context.Actor)).ToArray();
    }
}
