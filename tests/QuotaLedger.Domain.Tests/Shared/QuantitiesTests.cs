using QuotaLedger.Domain.Shared;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Shared;

/// <summary>R1: the shape of an amount of each kind.</summary>
public class QuantitiesTests
{
    [Theory]
    [InlineData("1", "0", "0")]
    [InlineData("0.0001", "0.01", "0.0001")]
    [InlineData("12345.6789", "98765.43", "12345.6789")]
    [InlineData("10.000000", "5.000", "0")] // trailing zeros add no precision
    [InlineData("2000000000", "2000000000000", "2000000000")]
    public void A_replenishment_amount_within_precision_and_bounds_fits(string area, string grain, string paddy) =>
        Assert.Null(Quantities.ShapeError(QuotaKind.Replenishment, Quota(decimal.Parse(area), decimal.Parse(grain), decimal.Parse(paddy))));

    [Theory]
    [InlineData("1.00001", "0", "0")]
    [InlineData("0", "0.001", "0")]
    [InlineData("0", "0", "0.00005")]
    public void An_over_precise_amount_is_refused_not_rounded(string area, string grain, string paddy) =>
        Refused(Rule.InvalidAmount, () =>
            Quantities.RequireShape(QuotaKind.Replenishment, Quota(decimal.Parse(area), decimal.Parse(grain), decimal.Parse(paddy)), "test"));

    [Fact]
    public void Area_is_kept_to_four_decimals_and_grain_capacity_to_two() =>
        Assert.Equal(
            [null, "areas are kept to 4 decimal places of a mu and are not rounded", null,
                "grain capacity is kept to 2 decimal places of a kg and is not rounded"],
            new[] { Quota(0.1234m, 0, 0), Quota(0.12345m, 0, 0), Quota(0, 0.12m, 0), Quota(0, 0.123m, 0) }
                .Select(q => Quantities.ShapeError(QuotaKind.Replenishment, q)));

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 1)]
    [InlineData(1, 0.5, 0.5)]
    public void Linkage_surplus_with_grain_capacity_or_paddy_area_is_refused(decimal area, decimal grain, decimal paddy) =>
        Refused(Rule.InvalidAmount, () => Quantities.RequireShape(QuotaKind.LinkageSurplus, Quota(area, grain, paddy), "test"));

    [Fact]
    public void Linkage_surplus_with_area_only_fits() =>
        Assert.Null(Quantities.ShapeError(QuotaKind.LinkageSurplus, Area(12.3456m)));

    [Theory]
    [InlineData(-0.0001, 0, 0)]
    [InlineData(1, -1, 0)]
    [InlineData(1, 0, -0.5)]
    public void A_negative_measure_is_refused(decimal area, decimal grain, decimal paddy) =>
        Refused(Rule.InvalidAmount, () => Quantities.RequireShape(QuotaKind.Replenishment, Quota(area, grain, paddy), "test"));

    [Theory]
    [InlineData("2000000000.0001", "0", "0")]
    [InlineData("0", "2000000000000.01", "0")]
    [InlineData("0", "0", "2000000001")]
    [InlineData("79228162514264337593543950335", "0", "0")]
    public void An_amount_larger_than_the_region_is_refused(string area, string grain, string paddy) =>
        Refused(Rule.InvalidAmount, () =>
            Quantities.RequireShape(QuotaKind.Replenishment, Quota(decimal.Parse(area), decimal.Parse(grain), decimal.Parse(paddy)), "test"));

    [Fact]
    public void A_zero_amount_has_a_shape_but_cannot_be_moved()
    {
        Quantities.RequireShape(QuotaKind.Replenishment, Measures.Zero, "test");
        Refused(Rule.InvalidAmount, () => Quantities.RequireMovable(QuotaKind.Replenishment, Measures.Zero, "test"));
    }

    [Fact]
    public void An_amount_positive_in_one_measure_can_be_moved() =>
        Quantities.RequireMovable(QuotaKind.Replenishment, Quota(0, 0.01m, 0), "test");
}
