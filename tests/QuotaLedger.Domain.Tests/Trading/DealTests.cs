using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Tests.Support;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Listings;
using QuotaLedger.Domain.Trading.Proceeds;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.TradingExamples;

namespace QuotaLedger.Domain.Tests.Trading;

public class DealTests
{
    private static readonly string GuangdongHolder = Buyer.HolderOf(Guangdong);

    private static readonly DateTimeOffset Deadline = TradingEnd.AddDays(Terms.PublicityDays + Terms.PaymentDays);

    /// <summary>
    /// Guangdong won 10 mu of the region account's quota at 328 000 yuan per mu: 6 mu of lot A (from Xincheng) and 4 of
    /// lot B (from Huimin). Its deposit of 320 000 yuan is credited; 2 960 000 yuan are due by the deadline.
    /// </summary>
    private static History Awaiting()
    {
        var trading = OpenForTrading(Market(Received(LotA, RegionAccount, Area(6), Xincheng), Received(LotB, RegionAccount, Area(8), Huimin)),
            Auction(quantity: 10, start: 320_000m));
        var awarded = Bid(trading, Guangdong, 328_000m).Applied.And(h => h.The<Listing>().CloseTrading(TradingEnd, Ids(DealId)));
        return Concluded(awarded);
    }

    private static Outcome Confirm(History given, string reference, decimal amount) =>
        given.When(h => h.Get<Deal>(DealId).ConfirmPayment(reference, amount, Alice, h.Lots, Ids(BuyerLot, OtherBuyerLot)));

    private static Provenance SoldFrom(Guid parent, string originCounty) =>
        ProvenanceOf(originCounty) with { ParentLotId = parent, TransferId = null, DealId = DealId };

    [Fact]
    public void The_deal_is_what_the_winner_pays_and_receives()
    {
        var deal = Awaiting().Get<Deal>(DealId);

        Assert.Equal((DealSource.Listing, ListingId, RegionAccount, Guangdong, 10m, 3_280_000m, 320_000m, 2_960_000m, Deadline),
            (deal.Source, deal.EscrowId, deal.Seller, deal.BuyerId, deal.Quantity, deal.Price, deal.DepositCredited, deal.AmountDue,
                deal.NextDeadline!.Value));
    }

    [Fact]
    public void A_part_payment_is_recorded_and_nothing_is_delivered_yet() =>
        Confirm(Awaiting(), "BANK-1", 1_000_000m).Then(new DealPaymentConfirmed(DealId, Guangdong, "BANK-1", 1_000_000m, Alice.UserId));

    [Fact]
    public void The_same_bank_reference_confirmed_again_with_the_same_amount_is_the_same_payment() =>
        Confirm(Confirm(Awaiting(), "BANK-1", 1_000_000m).Applied, "BANK-1", 1_000_000m).Then();

    [Fact]
    public void The_same_bank_reference_with_another_amount_is_a_mismatch() =>
        Confirm(Confirm(Awaiting(), "BANK-1", 1_000_000m).Applied, "BANK-1", 1_000_000.01m).ThenRefused(Rule.PaymentMismatch);

    [Fact]
    public void A_payment_above_what_is_outstanding_is_a_mismatch() =>
        Confirm(Confirm(Awaiting(), "BANK-1", 1_000_000m).Applied, "BANK-2", 1_960_000.01m).ThenRefused(Rule.PaymentMismatch);

    [Fact]
    public void A_payment_of_nothing_is_a_mismatch() => Confirm(Awaiting(), "BANK-0", 0m).ThenRefused(Rule.PaymentMismatch);

    [Fact]
    public void A_bank_reference_is_submitted_once() =>
        Awaiting().And(h => h.Get<Deal>(DealId).SubmitPaymentReference("BANK-1", 1_000_000m, UserOf(Guangdong)))
            .When(h => h.Get<Deal>(DealId).SubmitPaymentReference("BANK-1", 1_000_000m, UserOf(Guangdong)))
            .ThenRefused(Rule.PaymentMismatch);

    [Fact]
    public void The_payment_that_completes_the_amount_due_delivers_each_share_into_a_new_lot_of_the_buyer_and_attributes_the_proceeds() =>
        Confirm(Confirm(Awaiting(), "BANK-1", 1_000_000m).Applied, "BANK-2", 1_960_000m).Then(
            new DealPaymentConfirmed(DealId, Guangdong, "BANK-2", 1_960_000m, Alice.UserId),
            new DealPaid(DealId, 2_960_000m),
            new DealDelivered(DealId, Guangdong,
                [new DeliveredShare(LotA, BuyerLot, 6, Xincheng), new DeliveredShare(LotB, OtherBuyerLot, 4, Huimin)],
                [new CountyProceeds(Xincheng, 6, 1_968_000m), new CountyProceeds(Huimin, 4, 1_312_000m)]),
            new LotQuotaSold(LotA, RegionAccount, Replenishment, Area(6), ListingId, DealId, BuyerLot, GuangdongHolder),
            new LotReceived(BuyerLot, GuangdongHolder, Replenishment, Area(6), SoldFrom(LotA, Xincheng)),
            new LotQuotaSold(LotB, RegionAccount, Replenishment, Area(4), ListingId, DealId, OtherBuyerLot, GuangdongHolder),
            new LotReceived(OtherBuyerLot, GuangdongHolder, Replenishment, Area(4), SoldFrom(LotB, Huimin)));

    [Fact]
    public void Delivered_quota_is_in_the_sellers_sold_bucket_and_available_to_the_buyer()
    {
        var delivered = Confirm(Awaiting(), "BANK-1", 2_960_000m).Applied;

        var (sellerLot, buyerLot) = (delivered.Lot(LotB), delivered.Lot(OtherBuyerLot));
        Assert.Equal((Area(4), Area(0), Area(4)), (sellerLot[Bucket.Sold], sellerLot[Bucket.Reserved], sellerLot.Available));
        Assert.Empty(sellerLot.Reservations);
        Assert.Equal((GuangdongHolder, Area(4), Area(4)), (buyerLot.Holder, buyerLot[Bucket.Received], buyerLot.Available));
        Assert.Equal(DealStatus.Delivered, delivered.Get<Deal>(DealId).Status);
    }

    [Fact]
    public void A_delivered_deal_is_not_delivered_again()
    {
        var delivered = Confirm(Awaiting(), "BANK-1", 2_960_000m).Applied;

        Confirm(delivered, "BANK-1", 2_960_000m).Then();
        Confirm(delivered, "BANK-2", 0.01m).ThenRefused(Rule.InvalidState);
    }

    [Fact]
    public void A_deal_does_not_default_before_its_deadline() =>
        Awaiting().When(h => h.Get<Deal>(DealId).Default(h.Lots, 320_000m, Deadline.AddSeconds(-1))).ThenRefused(Rule.InvalidSchedule);

    [Fact]
    public void A_deadline_passed_unmet_defaults_the_deal_and_gives_its_escrow_back_to_the_seller() =>
        Confirm(Awaiting(), "BANK-1", 1_000_000m).Applied.When(h => h.Get<Deal>(DealId).Default(h.Lots, 320_000m, Deadline.AddSeconds(30)))
            .Then(new DealDefaulted(DealId, Guangdong, Deadline, false, 320_000m, [new LotShare(LotA, Area(6)), new LotShare(LotB, Area(4))]),
                new LotReservationReleased(LotA, RegionAccount, Replenishment, Area(6), ListingId),
                new LotReservationReleased(LotB, RegionAccount, Replenishment, Area(4), ListingId));

    [Fact]
    public void A_default_recorded_after_downtime_is_dated_at_the_deadline() =>
        Assert.Equal((Deadline, true),
            Awaiting().When(h => h.Get<Deal>(DealId).Default(h.Lots, 320_000m, Deadline.AddHours(6))).Events.OfType<DealDefaulted>()
                .Select(d => (d.DueAt, d.RecordedLate)).Single());

    [Fact]
    public void A_delivered_deal_does_not_default() =>
        Confirm(Awaiting(), "BANK-1", 2_960_000m).Applied.When(h => h.Get<Deal>(DealId).Default(h.Lots, 320_000m, Deadline.AddDays(1)))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_default_bars_the_buyer_for_the_listings_bar_days_from_that_day()
    {
        var day = DateOnly.FromDateTime(Deadline.UtcDateTime);
        var barred = Awaiting().And(h => h.Get<Buyer>(Guangdong).BarForDefault(DealId, h.Get<Deal>(DealId).BarDays, day)).Get<Buyer>(Guangdong);

        Assert.Equal((RestrictionKind.Barred, day.AddDays(Terms.DefaultBarDays), DealId),
            (barred.Restriction!.Kind, barred.Restriction.Until!.Value, barred.Restriction.DealId!.Value));
    }
}
