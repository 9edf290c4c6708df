using Marten;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// Who sees a listing: the centre every one; the seller county (and its prefecture) its own; a buyer one announced and
/// open to it, or one it took part in. A buyer sees only its own orders, bids and awards, never who the others are.
/// </summary>
public static class ListingVisibility
{
    public static bool CanSee(AccessPolicy access, Actor actor, Listing listing) => actor.Role switch
    {
        Role.Buyer => Guid.TryParse(actor.Organisation, out var buyer)
                      && (listing.ApprovedBy is not null && listing.IsOpenTo(buyer) || TookPart(listing, buyer)),
        _ => access.CanSeeAny(actor, listing.Parties),
    };

    /// <summary>Whether the actor sees everything of the listing: its history, every bid and order, every award.</summary>
    public static bool SeesAll(AccessPolicy access, Actor actor, Listing listing) =>
        actor.Role != Role.Buyer && access.CanSeeAny(actor, listing.Parties);

    public static bool TookPart(Listing listing, Guid buyer) =>
        listing.Orders.Any(o => o.BuyerId == buyer) || listing.Bids.Any(b => b.BuyerId == buyer) || listing.Awards.Any(a => a.Award.BuyerId == buyer);

    public static async Task<Loaded<Listing>> RequireVisibleAsync(IQuerySession session, AccessPolicy access, Actor actor, Guid id, CancellationToken ct)
    {
        var listing = (await AggregateDocuments.LoadManyAsync<Listing>(session, [id], ct)).GetValueOrDefault(id)
                      ?? throw new NotFoundException(LedgerSession.Describe<Listing>(), id);
        if (!CanSee(access, actor, listing.State)) throw new ForbiddenException("This listing is not open to the user's organisation.");
        return listing;
    }
}
