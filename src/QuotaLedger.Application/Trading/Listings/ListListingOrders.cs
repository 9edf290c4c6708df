using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Buyers;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>The orders of a fixed-price listing, oldest first: all of them to the centre and the seller, its own to a buyer.</summary>
public sealed record ListListingOrders(Guid ListingId) : IQuery<IReadOnlyList<ListingOrder>>;

public sealed class ListListingOrdersHandler(IDocumentStore store, RequestContext context, AccessPolicy access)
    : IRequestHandler<ListListingOrders, IReadOnlyList<ListingOrder>>
{
    public async Task<IReadOnlyList<ListingOrder>> Handle(ListListingOrders query, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var listing = (await ListingVisibility.RequireVisibleAsync(session, access, context.Actor, query.ListingId, ct)).State;
        return ListingVisibility.SeesAll(access, context.Actor, listing)
            ? listing.Orders
            : listing.Orders.Where(b => b.BuyerId == BuyerActors.IdOf(context.Actor)).ToArray();
    }
}
