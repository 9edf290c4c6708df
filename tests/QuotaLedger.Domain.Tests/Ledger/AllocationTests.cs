using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Ledger;

public class AllocationTests
{
    [Fact]
    public void Lots_are_taken_in_the_order_given_each_up_to_what_it_has_available()
    {
        var lots = Given(Issued(LotA, Xincheng, Area(3)), Issued(LotB, Xincheng, Area(5)), Issued(LotC, Xincheng, Area(9)))
            .LotsOf(Xincheng);

        Assert.Equal([new LotShare(LotA, Area(3)), new LotShare(LotB, Area(4.5m))], Allocation.Allocate(lots, Area(7.5m), Xincheng));
    }

    [Fact]
    public void Each_measure_is_covered_on_its_own()
    {
        var lots = Given(Issued(LotA, Xincheng, Quota(10, 0, 0)), Issued(LotB, Xincheng, Quota(0, 800, 2)))
            .LotsOf(Xincheng);

        Assert.Equal([new LotShare(LotA, Area(4)), new LotShare(LotB, Quota(0, 500, 1))],
            Allocation.Allocate(lots, Quota(4, 500, 1), Xincheng));
    }

    [Fact]
    public void Lots_with_nothing_available_of_the_needed_measures_are_skipped()
    {
        var lots = Given(Issued(LotA, Xincheng, Quota(0, 800, 0)), Issued(LotB, Xincheng, Area(2)),
                Frozen(LotB, Xincheng, Area(2), FreezeId), Issued(LotC, Xincheng, Area(2)))
            .LotsOf(Xincheng);

        Assert.Equal([new LotShare(LotC, Area(1))], Allocation.Allocate(lots, Area(1), Xincheng));
    }

    [Fact]
    public void A_shortfall_in_any_measure_is_refused()
    {
        var lots = Given(Issued(LotA, Xincheng, Quota(10, 100, 1)), Issued(LotB, Xincheng, Quota(10, 100, 1))).LotsOf(Xincheng);

        Refused(Rule.InsufficientQuota, () => Allocation.Allocate(lots, Quota(1, 200.01m, 1), Xincheng));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, -1, 0)]
    public void Nothing_or_a_negative_amount_cannot_be_allocated(decimal area, decimal grain, decimal paddy)
    {
        var lots = Given(Issued(LotA, Xincheng, Quota(10, 100, 1))).LotsOf(Xincheng);

        Refused(Rule.InvalidAmount, () => Allocation.Allocate(lots, Quota(area, grain, paddy), Xincheng));
    }

    [Fact]
    public void Own_county_quota_comes_before_quota_moved_in_keeping_the_order_within_each()
    {
        var lots = Given(Received(LotA, Xincheng, Area(1), Huimin), Issued(LotB, Xincheng, Area(1)),
                Received(LotC, Xincheng, Area(1), Donghe), Issued(NewLot, Xincheng, Area(1)))
            .LotsOf(Xincheng);

        Assert.Equal([LotB, NewLot, LotA, LotC], Allocation.OwnQuotaFirst(lots, Xincheng).Select(l => l.Id));
    }
}
