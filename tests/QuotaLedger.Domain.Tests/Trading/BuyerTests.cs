using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading.Buyers;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Trading;

/// <summary>A buyer comes from another province; the centre suspends, bars and reinstates it, and it trades only while free.</summary>
public class BuyerTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly Guid BuyerId = Id("buyer");

    private static Buyer BuyerAfter(params IDomainEvent[] events) =>
        events.Aggregate((Buyer?)null, (state, e) => Buyer.Evolve(state, e))!;

    private static readonly BuyerRegistered Registered = new(BuyerId, "330000", "Zhejiang land reserve centre", "trading desk", Alice.UserId);

    [Fact]
    public void The_centre_registers_a_buyer_of_another_province() =>
        Nothing.When(_ => Buyer.Register(BuyerId, "330000", "Zhejiang land reserve centre", "trading desk", ProvinceCatalog.Mainland, Alice))
            .Then(Registered);

    [Theory]
    [InlineData("150000")] // Inner Mongolia sells; it does not buy its own quota
    [InlineData("990000")]
    [InlineData("330100")] // a prefecture of Zhejiang, not a province
    public void A_buyer_of_Inner_Mongolia_or_of_no_province_is_refused(string provinceCode) =>
        Nothing.When(_ => Buyer.Register(BuyerId, provinceCode, "buyer", "desk", ProvinceCatalog.Mainland, Alice))
            .ThenRefused(Rule.InvalidHolder);

    [Fact]
    public void A_suspended_buyer_may_not_trade_until_its_end_day()
    {
        var buyer = BuyerAfter(Registered, BuyerAfter(Registered).Suspend("deposit under review", Today.AddDays(10), Today));

        Refused(Rule.BuyerBarred, () => buyer.RequireMayTrade(Today.AddDays(9)));
        buyer.RequireMayTrade(Today.AddDays(10));
    }

    [Fact]
    public void A_bar_without_an_end_holds_until_the_buyer_is_reinstated()
    {
        var barred = BuyerAfter(Registered, new BuyerBarred(BuyerId, "forged bank reference", null, null));
        Refused(Rule.BuyerBarred, () => barred.RequireMayTrade(Today.AddYears(5)));

        var reinstated = BuyerAfter(Registered, new BuyerBarred(BuyerId, "forged bank reference", null, null),
            barred.Reinstate("the bank confirmed the reference", Today));
        Assert.Null(reinstated.Restriction);
        reinstated.RequireMayTrade(Today);
    }

    [Fact]
    public void A_suspension_or_bar_ending_today_or_earlier_is_refused()
    {
        var buyer = BuyerAfter(Registered);
        Nothing.When(_ => buyer.Suspend("review", Today, Today)).ThenRefused(Rule.InvalidSchedule);
        Nothing.When(_ => buyer.Bar("review", Today.AddDays(-1), Today)).ThenRefused(Rule.InvalidSchedule);
    }

    [Fact]
    public void Only_a_restriction_that_still_applies_can_be_lifted()
    {
        Nothing.When(_ => BuyerAfter(Registered).Reinstate("nothing to lift", Today)).ThenRefused(Rule.InvalidState);
        var ran = BuyerAfter(Registered, new BuyerSuspended(BuyerId, "review", Today.AddDays(1)));
        Nothing.When(_ => ran.Reinstate("ended already", Today.AddDays(1))).ThenRefused(Rule.InvalidState);
    }

    [Fact]
    public void A_default_bars_the_buyer_for_the_terms_days_from_the_day_it_is_recorded()
    {
        var dealId = Id("deal");
        var bar = BuyerAfter(Registered).BarForDefault(dealId, 180, Today);

        Assert.Equal((Today.AddDays(180), (Guid?)dealId), (bar.Until, bar.DealId));
        Refused(Rule.BuyerBarred, () => BuyerAfter(Registered, bar).RequireMayTrade(Today.AddDays(179)));
    }

    [Fact]
    public void A_default_keeps_a_longer_bar_or_one_until_reinstated()
    {
        var dealId = Id("deal");

        Assert.Null(BuyerAfter(Registered, new BuyerBarred(BuyerId, "fraud", null, null)).BarForDefault(dealId, 180, Today).Until);
        Assert.Equal(Today.AddDays(400),
            BuyerAfter(Registered, new BuyerSuspended(BuyerId, "review", Today.AddDays(400))).BarForDefault(dealId, 180, Today).Until);
        Assert.Equal(Today.AddDays(180),
            BuyerAfter(Registered, new BuyerSuspended(BuyerId, "review", Today.AddDays(30))).BarForDefault(dealId, 180, Today).Until);
    }
}
