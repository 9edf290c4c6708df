using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Ledger;

/// <summary>R8: overdue reclamation is deducted from the county first, its prefecture covering the shortfall.</summary>
public class DeductionTests
{
    private const QuotaKind Replenishment = QuotaKind.Replenishment;
    private const string Promise = "XC-mine-2022-03";
    private const string Overdue = "reclamation promised by 2023-12-31 not finished";

    private static Outcome Deduct(History given, Measures amount) =>
        given.When(h => Deduction.Impose(DeductionId, Xincheng, Hohhot, Replenishment, amount, Promise, h.LotsOf(Xincheng),
            h.LotsOf(Hohhot), Overdue));

    private static DeductionImposed Imposed(Measures amount, params DeductedShare[] shares) =>
        new(DeductionId, Xincheng, Hohhot, Replenishment, amount, Promise, shares, Overdue);

    private static LotQuotaDeducted Deducted(Guid lotId, string holder, Measures amount) =>
        new(lotId, holder, Replenishment, amount, DeductionId);

    [Fact]
    public void A_county_with_enough_quota_bears_the_whole_deduction() =>
        Deduct(Given(Issued(LotA, Xincheng, Quota(10, 1000, 2)), Issued(LotB, Hohhot, Quota(10, 1000, 2))), Quota(4, 500, 1))
            .Then(Imposed(Quota(4, 500, 1), new DeductedShare(LotA, Xincheng, Quota(4, 500, 1))), Deducted(LotA, Xincheng, Quota(4, 500, 1)));

    [Fact]
    public void The_prefecture_covers_what_the_county_lacks_measure_by_measure() =>
        Deduct(Given(Issued(LotA, Xincheng, Quota(3, 1000, 0)), Issued(LotB, Hohhot, Quota(10, 1000, 2))), Quota(4, 500, 1))
            .Then(Imposed(Quota(4, 500, 1), new DeductedShare(LotA, Xincheng, Quota(3, 500, 0)), new DeductedShare(LotB, Hohhot, Quota(1, 0, 1))),
                Deducted(LotA, Xincheng, Quota(3, 500, 0)), Deducted(LotB, Hohhot, Quota(1, 0, 1)));

    [Fact]
    public void A_county_with_nothing_passes_it_all_to_the_prefecture() =>
        Deduct(Given(Issued(LotB, Hohhot, Quota(10, 1000, 2))), Area(4))
            .Then(Imposed(Area(4), new DeductedShare(LotB, Hohhot, Area(4))), Deducted(LotB, Hohhot, Area(4)));

    [Fact]
    public void When_county_and_prefecture_together_are_short_nothing_is_deducted() =>
        Deduct(Given(Issued(LotA, Xincheng, Area(3)), Issued(LotB, Hohhot, Area(1))), Area(4.0001m)).ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Reserved_county_quota_is_not_deducted_the_prefecture_covers_it() =>
        Deduct(Given(Issued(LotA, Xincheng, Area(3)), Reserved(LotA, Xincheng, Area(3), LinkId), Issued(LotB, Hohhot, Area(10))), Area(2))
            .Then(Imposed(Area(2), new DeductedShare(LotB, Hohhot, Area(2))), Deducted(LotB, Hohhot, Area(2)));

    [Fact]
    public void The_countys_own_quota_is_deducted_before_quota_moved_in() =>
        Deduct(Given(Received(LotC, Xincheng, Area(5), Huimin), Issued(LotA, Xincheng, Area(2))), Area(3))
            .Then(Imposed(Area(3), new DeductedShare(LotA, Xincheng, Area(2)), new DeductedShare(LotC, Xincheng, Area(1))),
                Deducted(LotA, Xincheng, Area(2)), Deducted(LotC, Xincheng, Area(1)));

    [Fact]
    public void Another_countys_lot_is_refused() =>
        Given(Issued(LotA, Huimin, Area(5)))
            .When(h => Deduction.Impose(DeductionId, Xincheng, Hohhot, Replenishment, Area(1), Promise, h.LotsOf(Huimin), [], Overdue))
            .ThenRefused(Rule.KindMismatch);

    [Fact]
    public void Nothing_cannot_be_deducted() =>
        Deduct(Given(Issued(LotA, Xincheng, Area(3))), Measures.Zero).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void A_deduction_made_in_error_is_given_back_to_every_lot_it_fell_on()
    {
        var outcome = Deduct(Given(Issued(LotA, Xincheng, Area(3)), Issued(LotB, Hohhot, Area(10))), Area(4)).Applied
            .When(h => h.The<Deduction>().Reverse(h.Lots, "reclamation was finished in time"));

        outcome.Then(new DeductionReversed(DeductionId, Xincheng, Hohhot, "reclamation was finished in time"),
            new LotDeductionReversed(LotA, Xincheng, Replenishment, Area(3), DeductionId),
            new LotDeductionReversed(LotB, Hohhot, Replenishment, Area(1), DeductionId));
        Assert.Equal((Area(3), Area(10)), (outcome.Applied.Lot(LotA).Available, outcome.Applied.Lot(LotB).Available));
    }

    [Fact]
    public void A_deduction_is_reversed_only_once() =>
        Deduct(Given(Issued(LotA, Xincheng, Area(3))), Area(1)).Applied
            .When(h => h.The<Deduction>().Reverse(h.Lots, "in error")).Applied
            .When(h => h.The<Deduction>().Reverse(h.Lots, "in error again"))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void The_deducted_quota_leaves_the_lot_as_deducted() =>
        Assert.Equal(Area(1), Deduct(Given(Issued(LotA, Xincheng, Area(3))), Area(1)).Applied.Lot(LotA)[Bucket.Deducted]);
}
