using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Tests.Support;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Agreements;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Parameters;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.TradingExamples;

namespace QuotaLedger.Domain.Tests.Trading;

public class AgreementTests
{
    private static readonly Guid AgreementId = Id("agreement");

    private static readonly DateTimeOffset FirstDue = Now.AddDays(30);
    private static readonly DateTimeOffset SecondDue = Now.AddDays(90);

    /// <summary>12 mu at 310 000 yuan per mu: 3 720 000 yuan, in two tranches.</summary>
    private static readonly PaymentTranche[] TwoTranches = [new(FirstDue, 1_000_000m), new(SecondDue, 2_720_000m)];

    private static History RegionMarket(params object[] more) =>
        Market([Received(LotA, RegionAccount, Area(8), Xincheng), Received(LotB, RegionAccount, Area(8), Huimin), .. more]);

    private static Outcome Record(History given, decimal unitPrice = 310_000m, IReadOnlyList<PaymentTranche>? tranches = null,
        DateOnly? signedOn = null, DateTimeOffset? now = null) =>
        given.When(h => Agreement.Record(AgreementId, "PTP-2025-001", RegionAccount, h.Get<Buyer>(Guangdong), Replenishment, PricedMeasure.Area,
            12, unitPrice, tranches ?? TwoTranches, signedOn ?? Today, h.The<TradingParameters>(), RegionCatalog.InnerMongolia, now ?? Now, Alice));

    private static History Recorded() => Record(RegionMarket()).Applied;

    private static Outcome Approve(History given, Actor reviewer) =>
        given.When(h => h.The<Agreement>().Approve(reviewer, h.Get<Buyer>(Guangdong), h.LotsOf(RegionAccount), DealId, Now));

    [Fact]
    public void An_agreement_is_recorded_at_its_price_with_the_bar_days_of_the_signing_day() =>
        Record(RegionMarket()).Then(new AgreementRecorded(AgreementId, "PTP-2025-001", RegionAccount, Guangdong, "440000", Replenishment,
            PricedMeasure.Area, 12, 310_000m, 3_720_000m, TwoTranches, Today, Terms.DefaultBarDays, Alice.UserId));

    [Fact]
    public void A_unit_price_below_the_floor_of_the_signing_day_is_refused() =>
        Record(RegionMarket(), unitPrice: AreaFloor - 0.01m).ThenRefused(Rule.BelowFloor);

    [Fact]
    public void The_floor_is_the_one_in_force_on_the_signing_day_not_on_the_day_it_is_recorded()
    {
        var raised = new TradingParametersSet(
            [new FloorPrice(Replenishment, PricedMeasure.Area, 320_000m)], Terms, Today.AddDays(1), "new prices");
        var tomorrow = Now.AddDays(1);

        Assert.Single(Record(RegionMarket(raised), signedOn: Today, now: tomorrow).Events);
        Record(RegionMarket(raised), signedOn: Today.AddDays(1), now: tomorrow).ThenRefused(Rule.BelowFloor);
    }

    [Fact]
    public void An_agreement_signed_before_any_parameters_were_in_force_is_refused() =>
        Record(RegionMarket(), signedOn: Today.AddDays(-1)).ThenRefused(Rule.TradingParametersMissing);

    [Fact]
    public void An_agreement_is_recorded_once_signed() =>
        Record(RegionMarket(), signedOn: Today.AddDays(1)).ThenRefused(Rule.InvalidSchedule);

    [Fact]
    public void Tranches_that_do_not_add_up_to_the_price_are_refused() =>
        Record(RegionMarket(), tranches: [new(FirstDue, 1_000_000m), new(SecondDue, 2_719_999.99m)]).ThenRefused(Rule.PaymentMismatch);

    [Fact]
    public void Tranches_fall_due_in_order_after_now() =>
        Assert.All(new PaymentTranche[][]
        {
            [new(SecondDue, 1_000_000m), new(FirstDue, 2_720_000m)],
            [new(Now, 1_000_000m), new(SecondDue, 2_720_000m)],
            [new(FirstDue, 0m), new(SecondDue, 3_720_000m)],
        }, tranches => Record(RegionMarket(), tranches: tranches).ThenRefused(Rule.InvalidSchedule));

    [Fact]
    public void A_buyer_barred_after_the_recording_gets_no_deal() =>
        Approve(Recorded().And(_ => new BuyerBarred(Guangdong, "default elsewhere", null, null)), Bob).ThenRefused(Rule.BuyerBarred);

    [Fact]
    public void A_barred_buyer_signs_nothing() =>
        Record(RegionMarket(new BuyerBarred(Guangdong, "fraud", null, null)))
            .ThenRefused(Rule.BuyerBarred);

    [Fact]
    public void The_centre_user_who_recorded_it_cannot_approve_it() =>
        Approve(Recorded(), Alice).ThenRefused(Rule.FourEyesRequired);

    [Fact]
    public void Approval_reserves_the_quantity_oldest_first_and_concludes_a_deal_paid_in_the_tranches() =>
        Approve(Recorded(), Bob).Then(
            new AgreementApproved(AgreementId, Bob.UserId, DealId, [new LotShare(LotA, Area(8)), new LotShare(LotB, Area(4))]),
            Reserved(LotA, RegionAccount, Area(8), AgreementId), Reserved(LotB, RegionAccount, Area(4), AgreementId),
            new DealConcluded(DealId, "PTP-2025-001", DealSource.Agreement, AgreementId, RegionAccount, Guangdong, Replenishment,
                PricedMeasure.Area, 12, 310_000m, 3_720_000m, 0, 3_720_000m, TwoTranches,
                [new LotShare(LotA, Area(8)), new LotShare(LotB, Area(4))], Now, Terms.DefaultBarDays));

    [Fact]
    public void Approval_is_refused_when_the_seller_is_short() =>
        Approve(Record(Market(Received(LotA, RegionAccount, Area(11.9999m), Xincheng))).Applied, Bob).ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void A_rejected_agreement_is_not_approved() =>
        Approve(Recorded().And(h => h.The<Agreement>().Reject(Bob, "price too low")), Dave).ThenRefused(Rule.InvalidState);

    [Fact]
    public void The_deal_defaults_at_the_first_tranche_its_payments_fall_short_of()
    {
        var concluded = Approve(Recorded(), Bob).Applied;
        var firstPaid = concluded.And(h => h.Get<Deal>(DealId).ConfirmPayment("BANK-1", 1_000_000m, Alice, h.Lots, Ids(BuyerLot)));

        Assert.Single(concluded.When(h => h.Get<Deal>(DealId).Default(h.Lots, 0m, FirstDue)).Events.OfType<DealDefaulted>());
        firstPaid.When(h => h.Get<Deal>(DealId).Default(h.Lots, 0m, FirstDue.AddDays(1))).ThenRefused(Rule.InvalidSchedule);
        Assert.Equal(SecondDue,
            firstPaid.When(h => h.Get<Deal>(DealId).Default(h.Lots, 0m, SecondDue)).Events.OfType<DealDefaulted>().Single().DueAt);
    }

    [Fact]
    public void The_last_tranche_delivers_the_quota_under_the_agreements_escrow()
    {
        var paid = Approve(Recorded(), Bob).Applied
            .And(h => h.Get<Deal>(DealId).ConfirmPayment("BANK-1", 1_000_000m, Alice, h.Lots, Ids(BuyerLot)))
            .When(h => h.Get<Deal>(DealId).ConfirmPayment("BANK-2", 2_720_000m, Alice, h.Lots, Ids(BuyerLot, OtherBuyerLot)));

        Assert.Equal([AgreementId, AgreementId], paid.Events.OfType<LotQuotaSold>().Select(s => s.ReservationId));
        Assert.Equal(DealStatus.Delivered, paid.Applied.Get<Deal>(DealId).Status);
    }
}
