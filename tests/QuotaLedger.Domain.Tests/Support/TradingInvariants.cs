using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Agreements;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Domain.Tests.Support;

/// <summary>
/// Escrow can never sell quota twice, lose it, or deliver it before the money (docs/trading.md): checked on a whole
/// history after every command, beside <see cref="LedgerInvariants"/>.
/// </summary>
public static class TradingInvariants
{
    public static void Hold(History history)
    {
        foreach (var listing in history.All<Listing>().Where(l => l.ApprovedBy is not null))
            EscrowIsReservedSoldOrReleased(history, listing.ReservationId, listing.Terms.Measure.AsMeasures(listing.Terms.Quantity));
        foreach (var agreement in history.All<Agreement>().Where(a => a.Status == AgreementStatus.Concluded))
            EscrowIsReservedSoldOrReleased(history, agreement.Id, agreement.Measure.AsMeasures(agreement.Quantity));
        foreach (var lot in history.All<Lot>()) NothingIsEscrowedTwice(history, lot);
        foreach (var deal in history.All<Deal>()) DeliveredOnceAndInFull(history, deal);
        foreach (var listing in history.All<Listing>()) SettlementsMatchTheDeals(history, listing);
    }

    /// <summary>What went into a listing's or agreement's escrow is still reserved under it, sold, or released: never more, never lost.</summary>
    private static void EscrowIsReservedSoldOrReleased(History history, Guid escrowId, Measures quantity)
    {
        Measures Moved<T>(Func<T, Guid> id) where T : LotEvent =>
            Measures.Sum(history.Journal.OfType<T>().Where(e => id(e) == escrowId).Select(e => e.Amount));

        var stillReserved = Measures.Sum(history.All<Lot>().Select(l => l.Reservations.GetValueOrDefault(escrowId)));
        Assert.Equal(quantity, Moved<LotQuotaReserved>(e => e.ReservationId));
        Assert.Equal(quantity, stillReserved + Moved<LotQuotaSold>(e => e.ReservationId) + Moved<LotReservationReleased>(e => e.ReservationId));
    }

    /// <summary>The escrows of all listings on a lot never exceed what the lot has reserved.</summary>
    private static void NothingIsEscrowedTwice(History history, Lot lot)
    {
        var escrowed = Measures.Sum(history.All<Listing>().SelectMany(l => l.Escrow).Where(s => s.LotId == lot.Id).Select(s => s.Amount));
        Assert.True(escrowed.FitsWithin(lot[Bucket.Reserved]), $"Lot {lot.Id} has {lot[Bucket.Reserved]} reserved but {escrowed} in escrow.");
    }

    /// <summary>A deal is delivered at most once, and then exactly: the buyer's lots of it hold its quantity.</summary>
    private static void DeliveredOnceAndInFull(History history, Deal deal)
    {
        var deliveries = history.Journal.OfType<DealDelivered>().Count(d => d.DealId == deal.Id);
        var sold = history.Journal.OfType<LotQuotaSold>().Where(s => s.DealId == deal.Id).ToList();
        var bought = history.All<Lot>().Where(l => l.Provenance.DealId == deal.Id).ToList();
        Assert.True(deliveries <= 1, $"Deal {deal.Number} was delivered {deliveries} times.");
        Assert.Equal(deal.Status == DealStatus.Delivered ? 1 : 0, deliveries);
        Assert.Equal(deal.Status == DealStatus.Delivered ? deal.Measure.AsMeasures(deal.Quantity) : Measures.Zero,
            Measures.Sum(bought.Select(l => l[Bucket.Received])));
        Assert.Equal(Measures.Sum(sold.Select(s => s.Amount)), Measures.Sum(bought.Select(l => l[Bucket.Received])));
        Assert.All(bought, l => Assert.Equal(deal.Buyer, l.Holder));
        if (deal.Status == DealStatus.Delivered)
        {
            Assert.Equal(deal.Price, deal.Proceeds.Sum(p => p.Amount));
            Assert.Equal(deal.AmountDue, deal.Paid);
        }
    }

    /// <summary>Each award's deal and the listing agree on how it settled, and the listing's status follows from its deals.</summary>
    private static void SettlementsMatchTheDeals(History history, Listing listing)
    {
        foreach (var outcome in listing.Awards.Where(a => a.Delivered is not null))
            Assert.Equal(outcome.Delivered == true ? DealStatus.Delivered : DealStatus.Defaulted, history.Get<Deal>(outcome.Award.DealId).Status);
        Assert.True(listing.Awards.Sum(a => a.Award.Quantity) <= listing.Terms.Quantity, $"Listing {listing.Number} awarded more than it offered.");
        if (listing.Status is ListingStatus.Delivered or ListingStatus.Defaulted)
            Assert.All(listing.Awards, a => Assert.NotNull(a.Delivered));
    }
}
