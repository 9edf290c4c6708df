using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QuotaLedger.Domain.Oversight.HomeBalance;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using static QuotaLedger.Domain.Tests.Support.Examples;

namespace QuotaLedger.Domain.Tests.Oversight;

/// <summary>R6: a county's consumption is met from its own quota, its prefecture's, the region's pool, or other prefectures'.</summary>
public class HomeBalanceRuleTests
{
    private static readonly RegionCatalog Regions = RegionCatalog.InnerMongolia;

    private static HomeBalanceSource Source(string origin, params string[] route) =>
        HomeBalanceRule.SourceOf(Xincheng, new ConsumedLot(origin, [Xincheng, .. route], Area(1)), Regions);

    [Fact]
    public void Quota_of_the_countys_own_projects_is_its_own_even_after_a_round_trip() =>
        Assert.Equal([HomeBalanceSource.OwnCounty, HomeBalanceSource.OwnCounty],
            [Source(Xincheng), Source(Xincheng, RegionAccount, Donghe)]);

    [Fact]
    public void Quota_from_a_county_of_the_prefecture_or_through_its_own_holding_is_the_prefectures() =>
        Assert.Equal([HomeBalanceSource.OwnPrefecture, HomeBalanceSource.OwnPrefecture, HomeBalanceSource.OwnPrefecture],
            [Source(Huimin, Huimin), Source(Huimin, Hohhot, Huimin), Source(Donghe, Hohhot, Donghe)]);

    [Fact]
    public void Quota_that_came_through_the_regions_pool_is_the_regions_wherever_it_was_created() =>
        Assert.Equal([HomeBalanceSource.RegionPool, HomeBalanceSource.RegionPool],
            [Source(Donghe, RegionAccount, Donghe), Source(Huimin, Hohhot, RegionAccount, Huimin)]);

    [Fact]
    public void Quota_straight_from_another_prefecture_is_other_prefectures() =>
        Assert.Equal([HomeBalanceSource.OtherPrefecture, HomeBalanceSource.OtherPrefecture],
            [Source(Donghe, Donghe), Source(Donghe, Baotou, Donghe)]);

    [Fact]
    public void The_tally_adds_each_lot_to_its_source() =>
        Assert.Equal(new HomeBalanceTotals(Area(3), Area(2), Area(5), Quota(1, 100, 0)),
            HomeBalanceRule.Tally(Xincheng,
                [
                    new ConsumedLot(Xincheng, [Xincheng], Area(1)), new ConsumedLot(Xincheng, [Xincheng], Area(2)),
                    new ConsumedLot(Huimin, [Xincheng, Huimin], Area(2)), new ConsumedLot(Donghe, [Xincheng, RegionAccount, Donghe], Area(5)),
                    new ConsumedLot(Donghe, [Xincheng, Donghe], Quota(1, 100, 0)),
                ], Regions));

    [Property(MaxTest = 300, Arbitrary = [typeof(Consumptions)])]
    public void The_four_sources_add_up_to_what_the_county_consumed_and_own_is_exactly_its_own_projects(ConsumedLot[] lots)
    {
        var totals = HomeBalanceRule.Tally(Xincheng, lots, Regions);

        Assert.Equal(Measures.Sum(lots.Select(l => l.Consumed)), totals.Consumed);
        Assert.Equal(Measures.Sum(lots.Where(l => l.OriginCounty == Xincheng).Select(l => l.Consumed)), totals.Own);
        Assert.Equal(totals, HomeBalanceRule.Tally(Xincheng, lots.Reverse(), Regions));
    }

    /// <summary>Lots of any origin with routes through any holders, consumed in amounts positive or negative (reversals).</summary>
    public static class Consumptions
    {
        private static readonly string[] Holders = [Xincheng, Huimin, Hohhot, Donghe, Baotou, RegionAccount, "152921"];
        private static readonly string[] Counties = [Xincheng, Huimin, Donghe, "152921"];

        private static readonly Gen<decimal> Amount =
            from units in Gen.Choose(-1_000_000, 10_000_000) from scale in Gen.Choose(0, 4) select new decimal(Math.Abs(units), 0, 0, units < 0, (byte)scale);

        private static readonly Gen<ConsumedLot> Lot =
            from origin in Gen.Elements(Counties)
            from route in Gen.Elements(Holders).ArrayOf()
            from area in Amount
            from grain in Amount
            from paddy in Amount
            select new ConsumedLot(origin, [Xincheng, .. route, origin], new Measures(area, grain, paddy));

        public static Arbitrary<ConsumedLot[]> Lots() => Lot.ArrayOf().ToArbitrary();
    }
}
