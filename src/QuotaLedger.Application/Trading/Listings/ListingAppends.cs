using Marten;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Application.Trading.Buyers;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>How the listing's commands load what they decide on and append what the deciders return.</summary>
public static class ListingAppends
{
    /// <summary>
    /// Appends a decision's events to the listing; where they close trading (an order that sold out, a bid at the cap,
    /// the window's end) the shares they release go back to the seller's lots in the same transaction.
    /// </summary>
    public static async Task<long> AppendListingAsync(
        this LedgerSession session, LotSelection lots, Guid id, Loaded<Listing> listing, IReadOnlyList<IEventOf<Listing>> events, CancellationToken ct)
    {
        session.Append(id, listing, events.ToArray<IDomainEvent>());
        var released = events.SelectMany(e => e switch
        {
            ListingProvisionallyAwarded awarded => awarded.Released,
            ListingNotSold notSold => notSold.Released,
            _ => [],
        }).ToArray();
        if (released.Length > 0)
        {
            var held = await lots.LockAsync(released.Select(s => s.LotId).Distinct().ToArray(), ct);
            session.AppendLots(held.ById, Escrow.Release(listing.State.ReservationId, released, held.States));
        }
        return listing.Version + events.Count;
    }

    /// <summary>Releases the whole escrow of a listing that is withdrawn or terminated: its lots locked, after the listing.</summary>
    public static async Task<LockedLots> LockEscrowAsync(this LotSelection lots, Listing listing, CancellationToken ct) =>
        await lots.LockAsync(listing.Escrow.Select(s => s.LotId).Distinct().ToArray(), ct);

    /// <summary>
    /// Locks the listing, then the buyer's deposit for it (the order every trading command takes them in, so that two
    /// never deadlock), and loads the registered buyer: what an order or a bid is decided on. If-Match names the
    /// listing's version the buyer decided on (the best bid it saw, say).
    /// </summary>
    public static async Task<(Loaded<Listing> Listing, Participant Participant)> LockParticipationAsync(
        this LedgerSession session, Guid listingId, Actor actor, long? expectedVersion, CancellationToken ct)
    {
        var buyerId = BuyerActors.IdOf(actor);
        var listing = await session.LockOneAsync<Listing>(listingId, _ => { }, expectedVersion, ct);
        var buyer = await session.Events.Documents.RequireBuyerAsync(actor, ct);
        var depositId = Deposit.IdFor(listingId, buyerId);
        var deposit = (await session.LockAsync<Deposit>([depositId], ct)).GetValueOrDefault(depositId);
        return (listing, new Participant(buyer, deposit?.State));
    }
}
