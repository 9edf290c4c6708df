using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Storage;

/// <summary>R3: land that may not become new farmland.</summary>
public class ProjectTests
{
    private static readonly Measures Planned = Quota(120, 5000, 10);

    private static Outcome Register(QuotaKind kind, LandSource source, decimal slope = 3, bool inRedLine = false, Measures? planned = null) =>
        Nothing.When(_ => Project.Register(ProjectId, Xincheng, kind, ProjectName, source, slope, inRedLine,
            planned ?? (kind == QuotaKind.Replenishment ? Planned : Area(120))));

    [Theory]
    [InlineData(LandSource.UnusedLand)]
    [InlineData(LandSource.ConstructionLandReclamation)]
    [InlineData(LandSource.MineWastelandReclamation)]
    [InlineData(LandSource.FarmlandConsolidation)]
    [InlineData(LandSource.RuralHomesteadReclamation)]
    public void A_replenishment_project_on_permitted_land_is_registered(LandSource source) =>
        Register(QuotaKind.Replenishment, source)
            .Then(new ProjectRegistered(ProjectId, Xincheng, QuotaKind.Replenishment, ProjectName, source, 3, false, Planned));

    [Theory]
    [InlineData(LandSource.SeverelyDesertifiedLand)]
    [InlineData(LandSource.IllegallyClearedForestOrGrassland)]
    [InlineData(LandSource.FilledLake)]
    [InlineData(LandSource.RiverBeach)]
    [InlineData(LandSource.FilledWetland)]
    [InlineData(LandSource.SteepSlope)]
    public void A_replenishment_project_on_a_refused_land_source_is_refused_with_the_reason(LandSource source)
    {
        var refusal = Register(QuotaKind.Replenishment, source).ThenRefused(Rule.LandSourceRefused);

        Assert.Contains("R3", refusal.Message);
    }

    [Fact]
    public void A_slope_of_exactly_15_degrees_is_allowed() =>
        Assert.Single(Register(QuotaKind.Replenishment, LandSource.UnusedLand, slope: 15).Events);

    [Fact]
    public void A_slope_over_15_degrees_is_refused_whatever_the_declared_source() =>
        Register(QuotaKind.Replenishment, LandSource.UnusedLand, slope: 15.01m).ThenRefused(Rule.LandSourceRefused);

    [Fact]
    public void Land_inside_the_ecological_red_line_is_refused() =>
        Register(QuotaKind.Replenishment, LandSource.FarmlandConsolidation, inRedLine: true).ThenRefused(Rule.LandSourceRefused);

    [Theory]
    [InlineData(LandSource.RiverBeach, 3, false)]
    [InlineData(LandSource.SteepSlope, 25, false)]
    [InlineData(LandSource.RuralHomesteadReclamation, 3, true)]
    public void Linkage_projects_are_not_subject_to_R3(LandSource source, decimal slope, bool inRedLine) =>
        Assert.Single(Register(QuotaKind.LinkageSurplus, source, slope, inRedLine).Events);

    [Fact]
    public void An_over_precise_plan_is_refused() =>
        Register(QuotaKind.Replenishment, LandSource.UnusedLand, planned: Quota(1.00001m, 0, 0)).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void A_linkage_plan_with_grain_capacity_is_refused() =>
        Register(QuotaKind.LinkageSurplus, LandSource.RuralHomesteadReclamation, planned: Quota(1, 100, 0)).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void A_registered_project_keeps_what_was_registered() =>
        Assert.Equal(
            new Project(ProjectId, Xincheng, QuotaKind.Replenishment, ProjectName, LandSource.UnusedLand, 3, false, Planned),
            Register(QuotaKind.Replenishment, LandSource.UnusedLand).Applied.The<Project>());

    // The centre amends a plan (R4: applications are held against it), with a reason.

    private static readonly ProjectRegistered Registered =
        new(ProjectId, Xincheng, QuotaKind.Replenishment, ProjectName, LandSource.UnusedLand, 3, false, Planned);

    [Fact]
    public void The_centre_amends_a_projects_planned_measures_and_the_project_is_planned_so_from_then_on()
    {
        var amended = Given(Registered).When(h => h.The<Project>().AmendPlan(Quota(130, 5200, 10), "survey found 130 mu"));

        amended.Then(new ProjectPlanAmended(ProjectId, Xincheng, Quota(130, 5200, 10), "survey found 130 mu"));
        Assert.Equal(Quota(130, 5200, 10), amended.Applied.The<Project>().Planned);
    }

    [Fact]
    public void An_amendment_that_changes_nothing_is_refused() =>
        Given(Registered).When(h => h.The<Project>().AmendPlan(Quota(120, 5000, 10.0m), "same")).ThenRefused(Rule.InvalidState);

    [Fact]
    public void An_amended_plan_keeps_to_the_measures_of_the_kind() =>
        Given(new ProjectRegistered(ProjectId, Xincheng, QuotaKind.LinkageSurplus, ProjectName, LandSource.UnusedLand, 3, false, Area(10)))
            .When(h => h.The<Project>().AmendPlan(Quota(10, 5, 0), "grain on linkage"))
            .ThenRefused(Rule.InvalidAmount);
}
