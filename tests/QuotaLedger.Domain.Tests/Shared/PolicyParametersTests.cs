using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Shared;

/// <summary>The oversight rules are dated regimes the centre keeps (domain brief §4): two built in, later ones added from today on.</summary>
public class PolicyParametersTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static PolicyParameterSet Regime(string id, DateOnly from) => PolicyParameters.Reform2025 with { Id = id, EffectiveFrom = from, Source = "notice" };

    private static PolicyParameters After(params PolicyParametersSet[] sets) =>
        sets.Aggregate(PolicyParameters.BuiltIn, (state, e) => PolicyParameters.Evolve(state, e)!);

    [Fact]
    public void The_plan_regime_is_in_force_until_the_2025_reform_and_before_its_own_first_day()
    {
        Assert.Equal("F-2023", PolicyParameters.BuiltIn.InForceOn(new DateOnly(2020, 6, 1)).Id);
        Assert.Equal("F-2023", PolicyParameters.BuiltIn.InForceOn(new DateOnly(2024, 12, 31)).Id);
        Assert.Equal("NR-2025", PolicyParameters.BuiltIn.InForceOn(new DateOnly(2025, 1, 1)).Id);
        Assert.Equal((10m, 15m, 5, 5), (PolicyParameters.F2023.AbandonmentFreezePercent, PolicyParameters.F2023.FieldSamplePercent,
            PolicyParameters.F2023.PatrolForwardDays, PolicyParameters.F2023.PatrolReportDays));
        Assert.False(PolicyParameters.F2023.Consumption.OccupationTypeRequired);
        Assert.True(PolicyParameters.Reform2025.Consumption.OccupationTypeRequired);
    }

    [Fact]
    public void The_centre_adds_a_regime_from_today_and_it_applies_from_its_day()
    {
        var regime = Regime("NR-2026", Today);

        Nothing.When(_ => PolicyParameters.BuiltIn.Set(regime, Today, "new notice")).Then(new PolicyParametersSet(regime, "new notice"));
        var parameters = After(new PolicyParametersSet(Regime("LATER", Today.AddDays(30)), "from April"),
            new PolicyParametersSet(regime, "from today"));
        Assert.Equal("NR-2025", parameters.InForceOn(Today.AddDays(-1)).Id);
        Assert.Equal("NR-2026", parameters.InForceOn(Today.AddDays(29)).Id);
        Assert.Equal("LATER", parameters.InForceOn(Today.AddDays(30)).Id);
    }

    [Fact]
    public void Of_two_regimes_from_one_day_the_later_added_is_in_force() =>
        Assert.Equal("SECOND", After(new PolicyParametersSet(Regime("FIRST", Today), "a"), new PolicyParametersSet(Regime("SECOND", Today), "b"))
            .InForceOn(Today).Id);

    [Fact]
    public void A_regime_from_a_past_day_is_refused() =>
        Nothing.When(_ => PolicyParameters.BuiltIn.Set(Regime("NR-2026", Today.AddDays(-1)), Today, "backdated"))
            .ThenRefused(Rule.RetroactivePolicy);

    [Theory]
    [InlineData("NR-2025")]
    [InlineData("f-2023")]
    public void A_regime_under_an_id_already_taken_is_refused(string id) =>
        Nothing.When(_ => PolicyParameters.BuiltIn.Set(Regime(id, Today), Today, "same name")).ThenRefused(Rule.InvalidState);

    [Theory]
    [InlineData(0, 15, 5, 5)]
    [InlineData(100.01, 15, 5, 5)]
    [InlineData(10, 0, 5, 5)]
    [InlineData(10, 101, 5, 5)]
    [InlineData(10, 15, 0, 5)]
    [InlineData(10, 15, 5, 367)]
    public void Shares_beyond_0_to_100_percent_and_deadlines_beyond_1_to_366_days_are_refused(
        decimal freeze, decimal sample, int forward, int report) =>
        Nothing.When(_ => PolicyParameters.BuiltIn.Set(Regime("X", Today) with
            {
                AbandonmentFreezePercent = freeze, FieldSamplePercent = sample, PatrolForwardDays = forward, PatrolReportDays = report,
            }, Today, "bad values"))
            .ThenRefused(Rule.InvalidAmount);
}
