using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QuotaLedger.Domain.Trading.Proceeds;
using static QuotaLedger.Domain.Tests.Support.Examples;

namespace QuotaLedger.Domain.Tests.Trading;

public class ProceedsAttributionTests
{
    [Fact]
    public void Each_county_gets_its_share_of_the_quantity() =>
        Assert.Equal([new CountyProceeds(Xincheng, 6, 1_968_000m), new CountyProceeds(Huimin, 4, 1_312_000m)],
            ProceedsAttribution.Attribute(3_280_000m, [(Huimin, 4m), (Xincheng, 6m)]));

    [Fact]
    public void The_lots_of_one_county_count_together() =>
        Assert.Equal([new CountyProceeds(Xincheng, 3, 300m), new CountyProceeds(Donghe, 1, 100m)],
            ProceedsAttribution.Attribute(400m, [(Xincheng, 1m), (Donghe, 1m), (Xincheng, 2m)]));

    [Fact]
    public void The_fen_left_over_go_to_the_largest_remainders() =>
        // Exact shares 0.42857…, 0.28571…, 0.28571… yuan of 1 yuan: 42 + 28 + 28 fen, and 2 fen are left over.
        Assert.Equal([new CountyProceeds(Xincheng, 3, 0.43m), new CountyProceeds(Huimin, 2, 0.29m), new CountyProceeds(Donghe, 2, 0.28m)],
            ProceedsAttribution.Attribute(1m, [(Xincheng, 3m), (Huimin, 2m), (Donghe, 2m)]));

    [Fact]
    public void Of_equal_remainders_the_lower_county_code_gets_the_fen() =>
        Assert.Equal([new CountyProceeds(Xincheng, 1, 33.34m), new CountyProceeds(Huimin, 1, 33.33m), new CountyProceeds(Donghe, 1, 33.33m)],
            ProceedsAttribution.Attribute(100m, [(Donghe, 1m), (Huimin, 1m), (Xincheng, 1m)]));

    [Fact]
    public void A_price_not_kept_to_the_fen_is_refused() =>
        Assert.Throws<ArgumentException>(() => ProceedsAttribution.Attribute(1.001m, [(Xincheng, 1m)]));

    [Property(MaxTest = 500, Arbitrary = [typeof(Deliveries)])]
    public void The_parts_add_up_to_the_price_each_within_a_fen_of_its_exact_share_whatever_the_order(Delivery delivery)
    {
        var parts = ProceedsAttribution.Attribute(delivery.Price, delivery.Lots);

        var total = delivery.Lots.Sum(l => l.Quantity);
        Assert.Equal(delivery.Price, parts.Sum(p => p.Amount));
        Assert.All(parts, p => Assert.True(Math.Abs(p.Amount - delivery.Price * p.Quantity / total) < 0.01m,
            $"{p.County} got {p.Amount} of {delivery.Price} for {p.Quantity} of {total}."));
        Assert.Equal(parts, ProceedsAttribution.Attribute(delivery.Price, delivery.Lots.Reverse()));
        Assert.Equal(parts, ProceedsAttribution.Attribute(delivery.Price, delivery.Lots.OrderBy(l => l.Quantity)));
    }

    /// <summary>A deal's price (up to ten billion yuan, in fen) and the lots it delivered: county and quantity, to 4 decimals.</summary>
    public sealed record Delivery(decimal Price, (string County, decimal Quantity)[] Lots)
    {
        public override string ToString() => $"{Price} yuan over {string.Join(", ", Lots.Select(l => $"{l.County}: {l.Quantity}"))}";
    }

    private static readonly string[] Counties = ["150102", "150103", "150104", "150105", "150202", "150203", "152921"];

    public static class Deliveries
    {
        private static readonly Gen<decimal> Quantity =
            from units in Gen.Choose(1, 100_000_000) from scale in Gen.Choose(0, 4) select new decimal(units, 0, 0, false, (byte)scale);

        private static readonly Gen<decimal> Price =
            from high in Gen.Choose(0, 9_999_999) from low in Gen.Choose(0, 99_999) from small in Gen.Elements(true, false)
            select small ? low / 100m : (high * 100_000m + low) / 100m;

        public static Arbitrary<Delivery> Any() => Arb.From(
            from price in Price
            from lots in Gen.NonEmptyListOf(from county in Gen.Elements(Counties) from quantity in Quantity select (county, quantity))
            select new Delivery(price, lots.ToArray()));
    }
}
