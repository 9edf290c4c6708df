using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Parameters;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Trading;

/// <summary>Floor prices and terms are data the centre sets with effective dates (domain brief §4); nothing sells before a set.</summary>
public class TradingParametersTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static readonly TradingTerms Terms = new(20m, 5m, 150m, 5, 5, 10, 5, 180);

    private static FloorPrice[] Floors(decimal area) => [new(QuotaKind.Replenishment, PricedMeasure.Area, area)];

    private static TradingParameters After(params TradingParametersSet[] sets) =>
        sets.Aggregate(TradingParameters.Initial, (state, e) => TradingParameters.Evolve(state, e)!);

    [Fact]
    public void Before_any_set_nothing_is_in_force_and_trading_is_refused() =>
        Refused(Rule.TradingParametersMissing, () => TradingParameters.Initial.RequireInForceOn(Today));

    [Fact]
    public void The_centre_sets_parameters_from_today() =>
        Nothing.When(_ => TradingParameters.Set(Floors(10_000m), Terms, Today, Today, "the year's floors"))
            .Then(new TradingParametersSet(Floors(10_000m), Terms, Today, "the year's floors"));

    [Fact]
    public void A_set_from_a_past_day_is_refused() =>
        Nothing.When(_ => TradingParameters.Set(Floors(10_000m), Terms, Today.AddDays(-1), Today, "backdated"))
            .ThenRefused(Rule.RetroactivePolicy);

    [Fact]
    public void Each_day_takes_the_set_with_the_latest_effective_date_on_or_before_it_and_of_one_date_the_later_made()
    {
        var parameters = After(
            new TradingParametersSet(Floors(10_000m), Terms, Today.AddDays(30), "from April"),
            new TradingParametersSet(Floors(12_000m), Terms, Today, "from today"),
            new TradingParametersSet(Floors(11_000m), Terms, Today, "corrected the same day"));

        Assert.Null(parameters.InForceOn(Today.AddDays(-1)));
        Assert.Equal(11_000m, parameters.InForceOn(Today.AddDays(29))!.FloorFor(QuotaKind.Replenishment, PricedMeasure.Area));
        Assert.Equal(10_000m, parameters.InForceOn(Today.AddDays(30))!.FloorFor(QuotaKind.Replenishment, PricedMeasure.Area));
    }

    [Fact]
    public void A_price_below_the_floor_or_without_a_floor_for_its_kind_and_measure_is_refused()
    {
        var set = After(new TradingParametersSet(Floors(10_000m), Terms, Today, "floors")).RequireInForceOn(Today);

        set.RequireAtOrAboveFloor(QuotaKind.Replenishment, PricedMeasure.Area, 10_000m, Today, "start price");
        Refused(Rule.BelowFloor, () => set.RequireAtOrAboveFloor(QuotaKind.Replenishment, PricedMeasure.Area, 9_999.99m, Today, "start price"));
        Refused(Rule.TradingParametersMissing,
            () => set.RequireAtOrAboveFloor(QuotaKind.Replenishment, PricedMeasure.Grain, 5m, Today, "start price"));
    }

    [Fact]
    public void A_floor_for_a_measure_the_kind_does_not_carry_twice_for_one_measure_or_in_fractions_of_a_fen_is_refused()
    {
        Nothing.When(_ => TradingParameters.Set([new(QuotaKind.LinkageSurplus, PricedMeasure.Paddy, 1m)], Terms, Today, Today, "R1"))
            .ThenRefused(Rule.InvalidAmount);
        Nothing.When(_ => TradingParameters.Set([..Floors(1m), ..Floors(2m)], Terms, Today, Today, "twice")).ThenRefused(Rule.InvalidAmount);
        Nothing.When(_ => TradingParameters.Set(Floors(1.005m), Terms, Today, Today, "fractions")).ThenRefused(Rule.InvalidAmount);
    }
}
