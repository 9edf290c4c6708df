using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Tests.Support;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;
using QuotaLedger.Domain.Trading.Parameters;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;
using static QuotaLedger.Domain.Tests.Support.TradingExamples;

namespace QuotaLedger.Domain.Tests.Trading;

public class ListingTests
{
    /// <summary>The region account holds lot A (6 mu, from Xincheng) and, newer, lot B (8 mu, from Huimin).</summary>
    private static History RegionMarket() =>
        Market(Received(LotA, RegionAccount, Area(6), Xincheng), Received(LotB, RegionAccount, Area(8), Huimin));

    private static Outcome Draft(ListingRequest request, string seller = RegionAccount) =>
        RegionMarket().When(h => TradingExamples.Draft(h, request, seller));

    private static History UnderReview(ListingRequest request) =>
        RegionMarket().And(h => TradingExamples.Draft(h, request)).And(h => h.The<Listing>().Submit(Alice));

    private static Outcome Close(History given, DateTimeOffset now) => given.When(h => h.The<Listing>().CloseTrading(now, Ids(DealId)));

    private static LotReservationReleased ReleasedPart(Guid lot, decimal area) => new(lot, RegionAccount, Replenishment, Area(area), ListingId);

    // Drafting.

    [Fact]
    public void Terms_left_out_come_from_the_parameters_in_force_on_the_notice_day_rounded_to_the_fen()
    {
        var terms = Draft(Auction(quantity: 3.3333m, start: 312_345.67m)).Applied.The<Listing>().Terms;

        Assert.Equal((7808.64m, 468518.51m, 104114.18m), (terms.Increment, terms.Cap!.Value, terms.Deposit));
        Assert.Equal((TimeSpan.FromMinutes(5), 3, 10, 90), (terms.ExtensionWindow, terms.PublicityDays, terms.PaymentDays, terms.BarDays));
    }

    [Fact]
    public void Terms_the_centre_sets_are_kept()
    {
        var terms = Draft(Auction(start: 320_000m, increment: 1000m, cap: 400_000m, reserve: 350_000m, deposit: 5000m)).Applied.The<Listing>().Terms;

        Assert.Equal((1000m, 400_000m, 350_000m, 5000m), (terms.Increment, terms.Cap!.Value, terms.Reserve!.Value, terms.Deposit));
    }

    [Fact]
    public void A_fixed_price_listing_has_no_increment_cap_reserve_or_extension()
    {
        var terms = Draft(FixedPrice(quantity: 10, price: 320_000m)).Applied.The<Listing>().Terms;

        Assert.Equal((ListingMode.FixedPrice, 0m, null, null, TimeSpan.Zero, 320_000m),
            (terms.Mode, terms.Increment, terms.Cap, terms.Reserve, terms.ExtensionWindow, terms.Deposit));
    }

    [Fact]
    public void A_fixed_price_listing_with_a_cap_is_refused() =>
        Draft(FixedPrice() with { Cap = 400_000m }).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void A_start_price_below_the_floor_is_refused() =>
        Draft(Auction(start: AreaFloor - 0.01m)).ThenRefused(Rule.BelowFloor);

    [Fact]
    public void A_reserve_above_the_cap_is_refused() =>
        Draft(Auction(start: 320_000m, cap: 400_000m, reserve: 400_000.01m)).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void Nothing_is_listed_before_parameters_are_in_force() =>
        Given(Received(LotA, RegionAccount, Area(6), Xincheng))
            .When(h => Listing.Draft(ListingId, ListingNumber, RegionAccount, FixedPrice(), TradingParameters.Initial, RegionCatalog.InnerMongolia,
                Now, Alice))
            .ThenRefused(Rule.TradingParametersMissing);

    [Fact]
    public void Trading_before_the_notice_period_ends_is_refused() =>
        Draft(FixedPrice() with { TradingStart = Now.AddDays(Terms.NoticeDays).AddMinutes(-1) }).ThenRefused(Rule.InvalidSchedule);

    [Fact]
    public void A_trading_window_that_ends_when_it_starts_is_refused() =>
        Draft(FixedPrice() with { TradingEnd = TradingStart }).ThenRefused(Rule.InvalidSchedule);

    [Fact]
    public void A_notice_that_started_in_the_past_is_refused() =>
        Draft(FixedPrice() with { NoticeStart = Now.AddHours(-1) }).ThenRefused(Rule.InvalidSchedule);

    [Fact]
    public void Linkage_quota_is_not_sold_by_grain_capacity() =>
        Draft(FixedPrice(kind: Linkage, measure: PricedMeasure.Grain, price: 20m)).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void A_prefecture_does_not_sell() =>
        Draft(FixedPrice(), seller: Hohhot).ThenRefused(Rule.InvalidHolder);

    // Consent and four eyes.

    [Fact]
    public void A_countys_lots_are_not_submitted_without_its_consent() =>
        Market(Issued(LotC, Xincheng, Area(10))).And(h => TradingExamples.Draft(h, FixedPrice(), Xincheng))
            .When(h => h.The<Listing>().Submit(Alice))
            .ThenRefused(Rule.ConsentRequired);

    [Fact]
    public void The_countys_consent_is_its_own_decision_and_then_the_listing_is_submitted()
    {
        var consented = Market(Issued(LotC, Xincheng, Area(10))).And(h => TradingExamples.Draft(h, FixedPrice(), Xincheng))
            .When(h => h.The<Listing>().Consent(CountyClerk));

        consented.Then(new ListingConsentGiven(ListingId, Xincheng, CountyClerk.UserId));
        consented.Applied.When(h => h.The<Listing>().Submit(Alice)).Then(new ListingSubmitted(ListingId, Alice.UserId));
    }

    [Fact]
    public void The_region_accounts_listing_needs_no_consent() =>
        RegionMarket().And(h => TradingExamples.Draft(h, FixedPrice())).When(h => h.The<Listing>().Consent(CountyClerk))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void The_drafter_cannot_publish_its_own_listing() =>
        UnderReview(FixedPrice()).When(h => h.The<Listing>().Publish(Alice, h.LotsOf(RegionAccount), h.The<TradingParameters>(), Now))
            .ThenRefused(Rule.FourEyesRequired);

    [Fact]
    public void The_drafter_cannot_send_its_own_listing_back() =>
        UnderReview(FixedPrice()).When(h => h.The<Listing>().RejectReview(Alice, "looks fine to me")).ThenRefused(Rule.FourEyesRequired);

    [Fact]
    public void A_listing_sent_back_is_a_draft_again_with_the_reason()
    {
        var sentBack = UnderReview(FixedPrice()).And(h => h.The<Listing>().RejectReview(Bob, "price too low")).The<Listing>();

        Assert.Equal((ListingStatus.Draft, "price too low"), (sentBack.Status, sentBack.Reason));
    }

    // Publication and escrow.

    [Fact]
    public void Publishing_reserves_the_quantity_on_the_sellers_lots_oldest_first() =>
        UnderReview(FixedPrice(quantity: 10)).When(h => h.The<Listing>().Publish(Bob, h.LotsOf(RegionAccount), h.The<TradingParameters>(), Now))
            .Then(new ListingPublished(ListingId, Bob.UserId, [new LotShare(LotA, Area(6)), new LotShare(LotB, Area(4))]),
                Reserved(LotA, RegionAccount, Area(6), ListingId), Reserved(LotB, RegionAccount, Area(4), ListingId));

    [Fact]
    public void Publishing_more_than_the_seller_has_available_is_refused() =>
        UnderReview(FixedPrice(quantity: 14.0001m))
            .When(h => h.The<Listing>().Publish(Bob, h.LotsOf(RegionAccount), h.The<TradingParameters>(), Now))
            .ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Quota_in_one_listings_escrow_cannot_be_listed_again()
    {
        var published = Published(RegionMarket(), FixedPrice(quantity: 10));
        var second = Listing.Draft(Id("second listing"), "GP-2025-002", RegionAccount, FixedPrice(quantity: 4.0001m),
            published.The<TradingParameters>(), RegionCatalog.InnerMongolia, Now, Alice);
        var underReview = published.And(_ => second).And(h => h.Get<Listing>(second.ListingId).Submit(Alice));

        underReview.When(h => h.Get<Listing>(second.ListingId).Publish(Bob, h.LotsOf(RegionAccount), h.The<TradingParameters>(), Now))
            .ThenRefused(Rule.InsufficientQuota);
    }

    [Fact]
    public void Publishing_too_late_for_the_full_notice_period_is_refused() =>
        UnderReview(FixedPrice())
            .When(h => h.The<Listing>().Publish(Bob, h.LotsOf(RegionAccount), h.The<TradingParameters>(), Now.AddHours(1)))
            .ThenRefused(Rule.InvalidSchedule);

    [Fact]
    public void Trading_opens_at_its_start_and_says_when_it_was_recorded_late()
    {
        var published = Published(RegionMarket(), FixedPrice(deposit: 0));

        published.When(h => h.The<Listing>().OpenTrading(TradingStart.AddMinutes(-1))).ThenRefused(Rule.InvalidSchedule);
        published.When(h => h.The<Listing>().OpenTrading(TradingStart.AddSeconds(30))).Then(new ListingTradingOpened(ListingId, TradingStart, false));
        published.When(h => h.The<Listing>().OpenTrading(TradingStart.AddHours(3))).Then(new ListingTradingOpened(ListingId, TradingStart, true));
    }

    // Orders on a fixed-price listing.

    [Fact]
    public void An_order_takes_part_of_the_quantity_at_the_listings_price()
    {
        var ordered = Order(OpenForTrading(RegionMarket(), FixedPrice(quantity: 10, price: 320_000m)), Guangdong, 2.5m);

        ordered.Then(new ListingOrderPlaced(ListingId, Id($"order 2.5 of {Guangdong}"), Guangdong, 2.5m, 320_000m, 800_000m));
        Assert.Equal((ListingStatus.Trading, 7.5m), (ordered.Applied.The<Listing>().Status, ordered.Applied.The<Listing>().Remaining));
    }

    [Fact]
    public void The_order_that_takes_the_last_unit_closes_trading_with_one_award_per_buyer_in_order_of_first_order()
    {
        var trading = OpenForTrading(RegionMarket(), FixedPrice(quantity: 10, price: 320_000m));
        var ordered = Order(Order(Order(trading, Zhejiang, 3).Applied, Guangdong, 4).Applied, Zhejiang, 2).Applied;
        var at = TradingStart.AddHours(2);

        Order(ordered, Guangdong, 1, at).Then(
            new ListingOrderPlaced(ListingId, Id($"order 1 of {Guangdong}"), Guangdong, 1, 320_000m, 320_000m),
            new ListingClosed(ListingId, at, ClosingReason.SoldOut, false),
            new ListingProvisionallyAwarded(ListingId,
            [
                new ListingAward(DealId, $"{ListingNumber}-1", Zhejiang, 5, 320_000m, 1_600_000m, [new LotShare(LotA, Area(5))]),
                new ListingAward(OtherDealId, $"{ListingNumber}-2", Guangdong, 5, 320_000m, 1_600_000m,
                    [new LotShare(LotA, Area(1)), new LotShare(LotB, Area(4))]),
            ], []));
    }

    [Fact]
    public void An_order_for_more_than_is_left_is_refused() =>
        Order(Order(OpenForTrading(RegionMarket(), FixedPrice(quantity: 10)), Guangdong, 8).Applied, Zhejiang, 2.0001m).ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void An_order_after_the_window_closed_is_refused() =>
        Order(OpenForTrading(RegionMarket(), FixedPrice()), Guangdong, 1, TradingEnd).ThenRefused(Rule.WindowClosed);

    [Fact]
    public void An_order_before_trading_opened_is_refused() =>
        Order(Published(RegionMarket(), FixedPrice(deposit: 0)), Guangdong, 1).ThenRefused(Rule.ListingNotTrading);

    [Fact]
    public void An_auction_takes_no_orders() =>
        Order(OpenForTrading(RegionMarket(), Auction()), Guangdong, 1).ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_buyer_the_listing_does_not_name_cannot_order() =>
        Order(OpenForTrading(RegionMarket(), FixedPrice(deposit: 0) with { EligibleBuyers = [Zhejiang] }), Guangdong, 1).ThenRefused(Rule.NotEligible);

    [Fact]
    public void A_barred_buyer_cannot_order() =>
        Order(OpenForTrading(RegionMarket(), FixedPrice(deposit: 0)).And(h => h.Get<Buyer>(Guangdong).Bar("fraud", null, Today)),
            Guangdong, 1).ThenRefused(Rule.BuyerBarred);

    [Fact]
    public void A_price_below_a_floor_raised_since_the_notice_is_refused()
    {
        var raised = new TradingParametersSet([new FloorPrice(Replenishment, PricedMeasure.Area, 330_000m)], Terms, Today.AddDays(1), "new prices");

        Order(OpenForTrading(RegionMarket(), FixedPrice(price: 320_000m)).And(_ => raised), Guangdong, 1).ThenRefused(Rule.BelowFloor);
    }

    // Bids on an auction: start 320 000, increment 8 000, cap 480 000.

    private static History Auctioning(decimal? reserve = null) => OpenForTrading(RegionMarket(), Auction(quantity: 10, start: 320_000m, reserve: reserve));

    [Fact]
    public void The_first_bid_is_at_least_the_start_price()
    {
        Bid(Auctioning(), Guangdong, 319_999.99m).ThenRefused(Rule.BidTooLow);
        Bid(Auctioning(), Guangdong, 320_000m).Then(new ListingBidPlaced(ListingId, Id($"bid 320000 of {Guangdong}"), Guangdong, 320_000m, TradingEnd));
    }

    [Fact]
    public void A_later_bid_is_at_least_the_best_bid_plus_the_increment()
    {
        var bid = Bid(Auctioning(), Guangdong, 330_000m).Applied;

        Bid(bid, Zhejiang, 337_999.99m).ThenRefused(Rule.BidTooLow);
        Assert.Equal(Zhejiang, Bid(bid, Zhejiang, 338_000m).Applied.The<Listing>().HighestBid!.BuyerId);
    }

    [Fact]
    public void Near_the_cap_a_bid_at_the_cap_is_still_valid_though_less_than_a_full_increment_above_the_best()
    {
        var near = Bid(Auctioning(), Guangdong, 475_000m).Applied;

        Bid(near, Zhejiang, 479_999.99m).ThenRefused(Rule.BidTooLow);
        Assert.Equal(ListingStatus.ProvisionalDeal, Bid(near, Zhejiang, 480_000m).Applied.The<Listing>().Status);
    }

    [Fact]
    public void A_bid_above_the_cap_is_refused() => Bid(Auctioning(), Guangdong, 480_000.01m).ThenRefused(Rule.AboveCap);

    [Fact]
    public void A_bid_that_is_not_in_fen_is_refused() => Bid(Auctioning(), Guangdong, 320_000.001m).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void A_bid_inside_the_extension_window_moves_the_close_to_the_bid_plus_the_window()
    {
        var late = TradingEnd.AddMinutes(-2);

        Bid(Auctioning(), Guangdong, 320_000m, TradingEnd.AddMinutes(-6)).Then(
            new ListingBidPlaced(ListingId, Id($"bid 320000 of {Guangdong}"), Guangdong, 320_000m, TradingEnd));
        var extended = Bid(Auctioning(), Guangdong, 320_000m, late);
        extended.Then(new ListingBidPlaced(ListingId, Id($"bid 320000 of {Guangdong}"), Guangdong, 320_000m, late.AddMinutes(5)));
        Bid(extended.Applied, Zhejiang, 328_000m, TradingEnd.AddMinutes(1)).Then(
            new ListingBidPlaced(ListingId, Id($"bid 328000 of {Zhejiang}"), Zhejiang, 328_000m, TradingEnd.AddMinutes(6)));
    }

    [Fact]
    public void A_bid_at_the_cap_ends_the_bidding_and_a_later_one_is_refused_as_not_trading()
    {
        var at = TradingStart.AddHours(1);
        var capped = Bid(Auctioning(), Guangdong, 480_000m, at);

        capped.Then(
            new ListingBidPlaced(ListingId, Id($"bid 480000 of {Guangdong}"), Guangdong, 480_000m, TradingEnd),
            new ListingClosed(ListingId, at, ClosingReason.CapReached, false),
            new ListingProvisionallyAwarded(ListingId,
            [
                new ListingAward(DealId, $"{ListingNumber}-1", Guangdong, 10, 480_000m, 4_800_000m,
                    [new LotShare(LotA, Area(6)), new LotShare(LotB, Area(4))]),
            ], []));
        Bid(capped.Applied, Zhejiang, 480_000m, at).ThenRefused(Rule.ListingNotTrading);
    }

    [Fact]
    public void A_best_bid_below_the_reserve_is_not_sold_and_the_whole_escrow_is_released()
    {
        var bid = Bid(Auctioning(reserve: 400_000m), Guangdong, 399_999.99m).Applied;

        Close(bid, TradingEnd).Then(
            new ListingClosed(ListingId, TradingEnd, ClosingReason.WindowEnded, false),
            new ListingNotSold(ListingId, "The best bid of 399999.99 did not reach the reserve.", [new LotShare(LotA, Area(6)), new LotShare(LotB, Area(4))]));
        Assert.Empty(Close(bid, TradingEnd).Applied.The<Listing>().Escrow);
    }

    // Closing by time.

    [Fact]
    public void The_close_is_dated_when_it_was_due_and_says_when_it_was_recorded_late_after_downtime()
    {
        var bid = Bid(Auctioning(), Guangdong, 320_000m).Applied;

        Close(bid, TradingEnd.AddSeconds(59)).Then(
            new ListingClosed(ListingId, TradingEnd, ClosingReason.WindowEnded, false),
            new ListingProvisionallyAwarded(ListingId,
            [
                new ListingAward(DealId, $"{ListingNumber}-1", Guangdong, 10, 320_000m, 3_200_000m,
                    [new LotShare(LotA, Area(6)), new LotShare(LotB, Area(4))]),
            ], []));
        var caughtUp = Close(bid, TradingEnd.AddHours(5)).Events.OfType<ListingClosed>().Single();
        Assert.Equal((TradingEnd, true), (caughtUp.ClosedAt, caughtUp.RecordedLate));
    }

    [Fact]
    public void Trading_does_not_close_before_its_close() =>
        Close(Auctioning(), TradingEnd.AddSeconds(-1)).ThenRefused(Rule.InvalidSchedule);

    [Fact]
    public void A_fixed_price_listing_partly_ordered_releases_the_unsold_rest_at_the_close()
    {
        var ordered = Order(OpenForTrading(RegionMarket(), FixedPrice(quantity: 10)), Guangdong, 7).Applied;

        var awarded = Close(ordered, TradingEnd).Events.OfType<ListingProvisionallyAwarded>().Single();

        Assert.Equal([new LotShare(LotB, Area(3))], awarded.Released);
        Assert.Equal([new LotShare(LotA, Area(6)), new LotShare(LotB, Area(1))], awarded.Awards.Single().Shares);
    }

    [Fact]
    public void A_listing_nobody_ordered_from_is_not_sold() =>
        Assert.Equal("No order was placed.", Close(OpenForTrading(RegionMarket(), FixedPrice()), TradingEnd).Events.OfType<ListingNotSold>().Single().Reason);

    // Publicity and conclusion.

    [Fact]
    public void The_result_is_publicised_for_the_publicity_days() =>
        Bid(Auctioning(), Guangdong, 320_000m).Applied.And(h => h.The<Listing>().CloseTrading(TradingEnd, Ids(DealId)))
            .When(h => h.The<Listing>().PublicizeResult(Alice, TradingEnd))
            .Then(new ListingResultPublicised(ListingId, Alice.UserId, TradingEnd.AddDays(3)));

    [Fact]
    public void At_the_end_of_publicity_each_award_becomes_a_deal_with_the_deposit_credited_and_the_rest_due_by_the_deadline()
    {
        var awarded = Close(Bid(Auctioning(), Guangdong, 328_000m).Applied, TradingEnd).Applied;
        var publicityEnds = TradingEnd.AddDays(3);
        var deadline = publicityEnds.AddDays(10);

        var concluded = Concluded(awarded);

        var deal = concluded.Get<Deal>(DealId);
        Assert.Equal((3_280_000m, 320_000m, 2_960_000m, DealStatus.AwaitingPayment), (deal.Price, deal.DepositCredited, deal.AmountDue, deal.Status));
        Assert.Equal([new PaymentTranche(deadline, 2_960_000m)], deal.Tranches);
        Assert.Equal((ListingStatus.Deal, publicityEnds), (concluded.The<Listing>().Status, deal.ConcludedAt));
        Assert.Equal([new LotShare(LotA, Area(6)), new LotShare(LotB, Area(4))], deal.Shares);
    }

    [Fact]
    public void A_deposit_above_the_price_is_credited_up_to_the_price()
    {
        var awarded = Order(OpenForTrading(RegionMarket(), FixedPrice(quantity: 10, price: 320_000m, deposit: 500_000m)), Zhejiang, 1).Applied
            .And(h => h.The<Listing>().CloseTrading(TradingEnd, Ids(DealId)));

        var concluded = Concluded(awarded);

        Assert.Equal((320_000m, 0m), (concluded.Get<Deal>(DealId).DepositCredited, concluded.Get<Deal>(DealId).AmountDue));
        Assert.Equal(180_000m, concluded.Get<Deposit>(Deposit.IdFor(ListingId, Zhejiang)).Held);
    }

    [Fact]
    public void A_listing_is_not_concluded_before_its_publicity_ends()
    {
        var publicised = Close(Bid(Auctioning(), Guangdong, 320_000m).Applied, TradingEnd).Applied
            .And(h => h.The<Listing>().PublicizeResult(Alice, TradingEnd));

        publicised.When(h => h.The<Listing>().Conclude(new Dictionary<Guid, decimal>(), TradingEnd.AddDays(3).AddSeconds(-1)))
            .ThenRefused(Rule.InvalidSchedule);
    }

    // Suspension, withdrawal, termination.

    [Fact]
    public void A_suspended_listing_takes_no_bids() =>
        Bid(Auctioning().And(h => h.The<Listing>().Suspend("objection")), Guangdong, 320_000m).ThenRefused(Rule.ListingNotTrading);

    [Fact]
    public void Resuming_after_the_close_passed_needs_a_new_close()
    {
        var suspended = Auctioning().And(h => h.The<Listing>().Suspend("objection"));
        var newClose = TradingEnd.AddDays(1);

        suspended.When(h => h.The<Listing>().Resume("cleared", null, TradingEnd.AddMinutes(1))).ThenRefused(Rule.InvalidSchedule);
        suspended.When(h => h.The<Listing>().Resume("cleared", newClose, TradingEnd.AddMinutes(1)))
            .Then(new ListingResumed(ListingId, "cleared", ListingStatus.Trading, newClose));
    }

    [Fact]
    public void A_new_close_must_lie_ahead()
    {
        var suspended = Auctioning().And(h => h.The<Listing>().Suspend("objection"));
        var now = TradingEnd.AddMinutes(1);

        suspended.When(h => h.The<Listing>().Resume("cleared", now, now)).ThenRefused(Rule.InvalidSchedule);
        Published(RegionMarket(), Auction(quantity: 10, start: 320_000m)).And(h => h.The<Listing>().Suspend("objection"))
            .When(h => h.The<Listing>().Resume("cleared", TradingStart.AddMinutes(-1), TradingStart.AddDays(-2))).ThenRefused(Rule.InvalidSchedule);
    }

    [Fact]
    public void Resuming_before_the_close_keeps_where_it_stood()
    {
        var bid = Bid(Auctioning(), Guangdong, 320_000m).Applied;

        var resumed = bid.And(h => h.The<Listing>().Suspend("objection")).And(h => h.The<Listing>().Resume("cleared", null, TradingStart.AddHours(2)));

        Assert.Equal((ListingStatus.Trading, TradingEnd, 1), (resumed.The<Listing>().Status, resumed.The<Listing>().ClosesAt, resumed.The<Listing>().Bids.Count));
    }

    [Fact]
    public void Withdrawal_before_trading_releases_the_escrow() =>
        Published(RegionMarket(), FixedPrice(quantity: 10)).When(h => h.The<Listing>().Withdraw("error in the terms", h.Lots))
            .Then(new ListingWithdrawn(ListingId, "error in the terms", [new LotShare(LotA, Area(6)), new LotShare(LotB, Area(4))]),
                ReleasedPart(LotA, 6), ReleasedPart(LotB, 4));

    [Fact]
    public void A_trading_listing_is_terminated_not_withdrawn()
    {
        var trading = OpenForTrading(RegionMarket(), FixedPrice(quantity: 10));

        trading.When(h => h.The<Listing>().Withdraw("changed our mind", h.Lots)).ThenRefused(Rule.InvalidState);
        trading.When(h => h.The<Listing>().Terminate("court order", h.Lots))
            .Then(new ListingTerminated(ListingId, "court order", [new LotShare(LotA, Area(6)), new LotShare(LotB, Area(4))]),
                ReleasedPart(LotA, 6), ReleasedPart(LotB, 4));
    }

    [Fact]
    public void A_suspended_notice_is_withdrawn_with_its_escrow() =>
        Assert.Equal(ListingStatus.Withdrawn,
            Published(RegionMarket(), FixedPrice()).And(h => h.The<Listing>().Suspend("objection"))
                .And(h => h.The<Listing>().Withdraw("objection upheld", h.Lots)).The<Listing>().Status);

    [Fact]
    public void A_concluded_listing_cannot_be_terminated() =>
        Concluded(Close(Bid(Auctioning(), Guangdong, 320_000m).Applied, TradingEnd).Applied)
            .When(h => h.The<Listing>().Terminate("too late", h.Lots)).ThenRefused(Rule.InvalidState);

    // Settlement bookkeeping.

    /// <summary>Zhejiang won 5 mu (all on lot A) and Guangdong 5 mu (1 on lot A, 4 on lot B); both deals await payment.</summary>
    private static History TwoDeals()
    {
        var trading = OpenForTrading(RegionMarket(), FixedPrice(quantity: 10, price: 320_000m));
        var soldOut = Order(Order(trading, Zhejiang, 5).Applied, Guangdong, 5).Applied;
        return Concluded(soldOut);
    }

    [Fact]
    public void A_listing_is_delivered_once_every_deal_is_settled_and_one_was_delivered()
    {
        var oneSettled = TwoDeals().And(h => h.The<Listing>().RecordSettlement(DealId, delivered: true));

        Assert.Equal(ListingStatus.Deal, oneSettled.The<Listing>().Status);
        Assert.Equal(ListingStatus.Delivered, oneSettled.And(h => h.The<Listing>().RecordSettlement(OtherDealId, delivered: false)).The<Listing>().Status);
    }

    [Fact]
    public void A_listing_whose_every_deal_defaulted_is_defaulted() =>
        Assert.Equal(ListingStatus.Defaulted,
            TwoDeals().And(h => h.The<Listing>().RecordSettlement(OtherDealId, false)).And(h => h.The<Listing>().RecordSettlement(DealId, false))
                .The<Listing>().Status);

    [Fact]
    public void A_deal_is_settled_once() =>
        TwoDeals().And(h => h.The<Listing>().RecordSettlement(DealId, true)).When(h => h.The<Listing>().RecordSettlement(DealId, false))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void Settling_the_later_deal_first_leaves_the_earlier_deals_shares_in_escrow() =>
        Assert.Equal([new LotShare(LotA, Area(5))],
            TwoDeals().And(h => h.The<Listing>().RecordSettlement(OtherDealId, true)).The<Listing>().Escrow);
}
