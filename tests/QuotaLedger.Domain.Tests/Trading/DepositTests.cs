using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Tests.Support;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.TradingExamples;

namespace QuotaLedger.Domain.Tests.Trading;

public class DepositTests
{
    private static readonly Guid GuangdongDeposit = Deposit.IdFor(ListingId, Guangdong);

    private static History RegionMarket() => Market(Received(LotA, RegionAccount, Area(10), Xincheng));

    private static Outcome Declare(History given, Guid buyer = default) =>
        given.When(h => Deposit.Declare(h.The<Listing>(), h.Get<Buyer>(buyer == default ? Guangdong : buyer), "BANK-D1", Today));

    private static History Declared(ListingRequest request) => Declare(Published(RegionMarket(), request)).Applied;

    private static Outcome Refund(History given, Guid buyer) =>
        given.When(h => h.Get<Deposit>(Deposit.IdFor(ListingId, buyer)).Refund(h.The<Listing>(), "REFUND-1", Alice));

    [Fact]
    public void A_buyer_declares_the_listings_deposit_while_it_is_announced() =>
        Declare(Published(RegionMarket(), FixedPrice(quantity: 10, price: 320_000m)))
            .Then(new DepositDeclared(GuangdongDeposit, ListingId, Guangdong, 320_000m, "BANK-D1"));

    [Fact]
    public void No_deposit_is_declared_for_a_draft() =>
        Declare(RegionMarket().And(h => Draft(h, FixedPrice()))).ThenRefused(Rule.ListingNotTrading);

    [Fact]
    public void No_deposit_is_declared_for_a_listing_that_asks_for_none() =>
        Declare(Published(RegionMarket(), FixedPrice(deposit: 0))).ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_barred_buyer_declares_no_deposit() =>
        Declare(Published(RegionMarket(), FixedPrice()).And(h => h.Get<Buyer>(Guangdong).Bar("fraud", Today.AddDays(10), Today)))
            .ThenRefused(Rule.BuyerBarred);

    [Fact]
    public void A_buyer_the_listing_does_not_name_declares_no_deposit() =>
        Declare(Published(RegionMarket(), FixedPrice() with { EligibleBuyers = [Zhejiang] })).ThenRefused(Rule.NotEligible);

    [Fact]
    public void The_centre_confirms_a_declared_deposit_once()
    {
        var confirmed = Declared(FixedPrice()).When(h => h.Get<Deposit>(GuangdongDeposit).ConfirmReceived(Alice));

        confirmed.Then(new DepositReceived(GuangdongDeposit, ListingId, Guangdong, 320_000m, Alice.UserId));
        confirmed.Applied.When(h => h.Get<Deposit>(GuangdongDeposit).ConfirmReceived(Bob)).ThenRefused(Rule.InvalidState);
    }

    [Fact]
    public void A_declared_deposit_not_yet_confirmed_does_not_let_the_buyer_order() =>
        Order(Declared(FixedPrice()).And(h => h.The<Listing>().OpenTrading(TradingStart)), Guangdong, 1).ThenRefused(Rule.DepositNotConfirmed);

    [Fact]
    public void A_declared_deposit_holds_nothing_to_refund() =>
        Refund(Declared(FixedPrice()), Guangdong).ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_deposit_is_held_while_the_buyer_may_still_win() =>
        Refund(OpenForTrading(RegionMarket(), FixedPrice()), Guangdong).ThenRefused(Rule.InvalidState);

    [Fact]
    public void The_deposit_of_a_buyer_that_did_not_win_is_refunded_after_the_award()
    {
        var awarded = Order(OpenForTrading(RegionMarket(), FixedPrice(quantity: 10)), Zhejiang, 10).Applied;

        Refund(awarded, Guangdong).Then(new DepositRefunded(GuangdongDeposit, ListingId, Guangdong, 320_000m, "REFUND-1", Alice.UserId));
        Refund(awarded, Zhejiang).ThenRefused(Rule.InvalidState);
    }

    [Fact]
    public void Every_deposit_is_refunded_when_the_listing_is_terminated() =>
        Assert.Equal(DepositStatus.Refunded,
            OpenForTrading(RegionMarket(), FixedPrice()).And(h => h.The<Listing>().Terminate("court order", h.Lots))
                .And(h => h.Get<Deposit>(GuangdongDeposit).Refund(h.The<Listing>(), "REFUND-1", Alice)).Get<Deposit>(GuangdongDeposit).Status);

    [Fact]
    public void The_winners_deposit_is_credited_up_to_the_price_and_the_rest_refunded()
    {
        var awarded = Order(OpenForTrading(RegionMarket(), FixedPrice(quantity: 10, price: 320_000m, deposit: 500_000m)), Guangdong, 1).Applied
            .And(h => h.The<Listing>().CloseTrading(TradingEnd, Ids(DealId)));
        var concluded = Concluded(awarded);

        Assert.Equal((DepositStatus.Credited, 320_000m, 180_000m),
            (concluded.Get<Deposit>(GuangdongDeposit).Status, concluded.Get<Deposit>(GuangdongDeposit).Credited,
                concluded.Get<Deposit>(GuangdongDeposit).Held));
        Refund(concluded, Guangdong).Then(new DepositRefunded(GuangdongDeposit, ListingId, Guangdong, 180_000m, "REFUND-1", Alice.UserId));
    }

    [Fact]
    public void Only_a_confirmed_deposit_is_credited() =>
        Assert.Null(Declared(FixedPrice()).Get<Deposit>(GuangdongDeposit).CreditTo(DealId, 1_000_000m));

    [Fact]
    public void A_credited_deposit_is_forfeited_on_its_deals_default_only()
    {
        var awarded = Order(OpenForTrading(RegionMarket(), FixedPrice(quantity: 10, price: 320_000m)), Guangdong, 10).Applied;
        var deposit = Concluded(awarded).Get<Deposit>(GuangdongDeposit);

        Assert.Equal(new DepositForfeited(GuangdongDeposit, ListingId, Guangdong, DealId, 320_000m), deposit.Forfeit(DealId));
        Assert.Null(deposit.Forfeit(OtherDealId));
    }
}
