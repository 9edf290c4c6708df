using QuotaLedger.Domain.Oversight.PlanTargets;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Oversight;

/// <summary>R10: the annexes' targets are built in; the centre adds and amends targets by events, never retroactively.</summary>
public class PlanTargetsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    private const string Hohhot = "150100";
    private const string Baotou = "150200";

    private static PlanTargets After(params IDomainEvent[] events) =>
        events.Aggregate(PlanTargets.BuiltIn, (state, e) => PlanTargets.Evolve(state, e)!);

    private static decimal SumOf(QuotaKind kind, string period) =>
        PlanTargets.BuiltIn.Targets.Where(t => t.Kind == kind && t.Period == period).Sum(t => t.AmountAsOf(Now)!.Value);

    [Fact]
    public void The_annexes_targets_add_up_to_the_plan_totals()
    {
        Assert.Equal(1_000_000m, SumOf(QuotaKind.Replenishment, "2021-2025"));
        Assert.Equal(250_000m, SumOf(QuotaKind.Replenishment, "2022"));
        Assert.Equal(50_000m, SumOf(QuotaKind.LinkageSurplus, "2021-2025"));
        Assert.Equal(12_900m, SumOf(QuotaKind.LinkageSurplus, "2022"));
        Assert.Equal(8 * 2 + 11 * 2, PlanTargets.BuiltIn.Targets.Count);
    }

    [Fact]
    public void The_centre_adds_a_target_for_a_later_period() =>
        Nothing.When(_ => PlanTargets.BuiltIn.Add(QuotaKind.Replenishment, Hohhot, "2026-2030", 45_000m, Today, Now, "15th Five-Year Plan"))
            .Then(new PlanTargetAdded(QuotaKind.Replenishment, Hohhot, "2026-2030", 45_000m, Today, Now, "15th Five-Year Plan"));

    [Fact]
    public void A_target_that_exists_is_amended_not_added_again() =>
        Nothing.When(_ => PlanTargets.BuiltIn.Add(QuotaKind.Replenishment, Hohhot, "2022", 1m, Today, Now, "again"))
            .ThenRefused(Rule.PlanTargetExists);

    [Fact]
    public void A_target_that_does_not_exist_cannot_be_amended() =>
        // Baotou has no replenishment target in annex 2.
        Nothing.When(_ => PlanTargets.BuiltIn.Amend(QuotaKind.Replenishment, Baotou, "2022", 1m, Today, Now, "no such target"))
            .ThenRefused(Rule.PlanTargetMissing);

    [Fact]
    public void A_target_never_changes_from_a_past_day()
    {
        Nothing.When(_ => PlanTargets.BuiltIn.Amend(QuotaKind.Replenishment, Hohhot, "2022", 9_000m, Today.AddDays(-1), Now, "backdated"))
            .ThenRefused(Rule.RetroactivePolicy);
        Nothing.When(_ => PlanTargets.BuiltIn.Add(QuotaKind.Replenishment, Hohhot, "2026", 9_000m, Today.AddDays(-1), Now, "backdated"))
            .ThenRefused(Rule.RetroactivePolicy);
    }

    [Theory]
    [InlineData("150102", "2026", "1", Rule.InvalidHolder)] // a county
    [InlineData("150000", "2026", "1", Rule.InvalidHolder)] // the region
    [InlineData(Hohhot, "2026-2026", "1", Rule.InvalidAmount)]
    [InlineData(Hohhot, "2030-2026", "1", Rule.InvalidAmount)]
    [InlineData(Hohhot, "2026", "0", Rule.InvalidAmount)]
    [InlineData(Hohhot, "2026", "-5", Rule.InvalidAmount)]
    [InlineData(Hohhot, "2026", "1.00001", Rule.InvalidAmount)]
    public void A_target_is_a_prefectures_its_period_one_form_and_its_amount_an_area_in_mu(string prefecture, string period, string amount, Rule rule) =>
        Nothing.When(_ => PlanTargets.BuiltIn.Add(QuotaKind.LinkageSurplus, prefecture, period, decimal.Parse(amount), Today, Now, "r"))
            .ThenRefused(rule);

    [Fact]
    public void An_amendment_to_0_withdraws_a_target() =>
        Assert.Equal(0m, After(PlanTargets.BuiltIn.Amend(QuotaKind.LinkageSurplus, Hohhot, "2022", 0m, Today, Now, "withdrawn"))
            .Find(QuotaKind.LinkageSurplus, Hohhot, "2022")!.AmountAsOf(Now));

    [Fact]
    public void An_amendment_applies_once_recorded_and_from_its_day_on_and_earlier_moments_keep_the_earlier_amount()
    {
        var recorded = Now.AddHours(2);
        var targets = After(PlanTargets.BuiltIn.Amend(QuotaKind.Replenishment, Hohhot, "2021-2025", 42_000m, Today.AddDays(1), recorded, "revised plan"));
        var target = targets.Find(QuotaKind.Replenishment, Hohhot, "2021-2025")!;

        Assert.Equal(40_000m, target.AmountAsOf(Now));
        Assert.Equal(40_000m, target.AmountAsOf(recorded)); // recorded, but its day has not come
        Assert.Equal(42_000m, target.AmountAsOf(new DateTimeOffset(Today.AddDays(1), TimeOnly.MinValue, TimeSpan.Zero)));
        Assert.Equal([40_000m, 42_000m], target.Amounts.Select(a => a.Amount));
    }

    [Fact]
    public void An_amendment_from_today_applies_from_the_moment_it_was_recorded()
    {
        var target = After(PlanTargets.BuiltIn.Amend(QuotaKind.Replenishment, Hohhot, "2022", 12_000m, Today, Now, "corrected"))
            .Find(QuotaKind.Replenishment, Hohhot, "2022")!;

        Assert.Equal(10_000m, target.AmountAsOf(Now.AddTicks(-10)));
        Assert.Equal(12_000m, target.AmountAsOf(Now));
    }

    [Fact]
    public void Of_amendments_the_one_with_the_latest_day_applies_and_of_one_day_the_later_recorded()
    {
        var targets = After(
            PlanTargets.BuiltIn.Amend(QuotaKind.Replenishment, Hohhot, "2022", 11_000m, Today.AddDays(30), Now, "from April"),
            PlanTargets.BuiltIn.Amend(QuotaKind.Replenishment, Hohhot, "2022", 12_000m, Today.AddDays(10), Now.AddMinutes(1), "from mid-March"),
            PlanTargets.BuiltIn.Amend(QuotaKind.Replenishment, Hohhot, "2022", 13_000m, Today.AddDays(10), Now.AddMinutes(2), "corrected"));
        var target = targets.Find(QuotaKind.Replenishment, Hohhot, "2022")!;
        DateTimeOffset On(int days) => new(Today.AddDays(days), TimeOnly.MinValue, TimeSpan.Zero);

        Assert.Equal(10_000m, target.AmountAsOf(On(9)));
        Assert.Equal(13_000m, target.AmountAsOf(On(20)));
        Assert.Equal(11_000m, target.AmountAsOf(On(30)));
    }

    [Fact]
    public void The_recorded_moment_is_kept_to_the_microsecond_as_the_events_timestamps_are() =>
        Assert.Equal(Now.AddTicks(10), PlanTargets.BuiltIn
            .Add(QuotaKind.Replenishment, Hohhot, "2026", 1m, Today, Now.AddTicks(17), "r").RecordedAt);

    [Theory]
    [InlineData("2022", 2022, 2022)]
    [InlineData("2021-2025", 2021, 2025)]
    public void A_period_is_a_year_or_a_span(string text, int first, int last)
    {
        Assert.True(PlanPeriod.TryParse(text, out var period));
        Assert.Equal(new PlanPeriod(first, last), period);
        Assert.Equal(text, period.ToString());
    }

    [Theory]
    [InlineData("2022-2022")]
    [InlineData("2025-2021")]
    [InlineData("22")]
    [InlineData("2022\n")]
    [InlineData(" 2022")]
    [InlineData("1999")]
    [InlineData("2099-2101")]
    [InlineData("2021–2025")] // an en dash
    [InlineData("")]
    public void Anything_else_is_no_period(string text) => Assert.False(PlanPeriod.TryParse(text, out _));
}
