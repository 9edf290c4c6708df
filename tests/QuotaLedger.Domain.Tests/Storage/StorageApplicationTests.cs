using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Storage.StorageApplications;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Storage;

/// <summary>R4 storage needs acceptance; R5 suspended areas may not store.</summary>
public class StorageApplicationTests
{
    private static readonly DateOnly Today = new(2024, 6, 30);
    private static readonly Measures Verified = Quota(100, 45000.5m, 20);
    private static readonly Acceptance Accepted = new(Verified, 5, Today.AddDays(-10), Today.AddDays(-40));
    private static readonly Acceptance LinkageAccepted = Accepted with { Verified = Area(100), QualityGrade = null };

    private const decimal Tolerance = StoragePolicy.DefaultVerificationTolerancePercent;

    /// <summary>A project planned at what the acceptance below verifies, unless told otherwise.</summary>
    private static ProjectRegistered Registered(QuotaKind kind = QuotaKind.Replenishment, Measures? planned = null) =>
        new(ProjectId, Xincheng, kind, ProjectName, LandSource.FarmlandConsolidation, 3, false,
            planned ?? (kind == QuotaKind.Replenishment ? Verified : LinkageAccepted.Verified));

    private static StorageApplicationSubmitted Submitted(QuotaKind kind = QuotaKind.Replenishment) =>
        new(StorageApplicationId, ProjectId, Xincheng, kind, kind == QuotaKind.Replenishment ? Accepted : LinkageAccepted, Today);

    private static Outcome Submit(Acceptance acceptance, QuotaKind kind = QuotaKind.Replenishment, bool suspended = false,
        bool alreadyStored = false, Measures? planned = null, decimal tolerance = Tolerance) =>
        Given(Registered(kind, planned)).When(h =>
            StorageApplication.Submit(StorageApplicationId, h.The<Project>(), acceptance, Today, tolerance, suspended, alreadyStored));

    private static Outcome Approve(bool suspended = false, decimal tolerance = Tolerance, params IDomainEvent[] after) =>
        Given([Registered(), Submitted(), .. after]).When(h =>
            h.The<StorageApplication>().Approve(h.The<Project>(), LotA, tolerance, suspended));

    /// <summary>Verified measures against a replenishment plan of 100 mu, 40,000 kg and 20 mu of paddy.</summary>
    private static Outcome SubmitAgainstPlan(Measures verified, decimal tolerance = Tolerance) =>
        Submit(Accepted with { Verified = verified }, planned: Quota(100, 40000, 20), tolerance: tolerance);

    [Fact]
    public void A_county_files_the_acceptance_of_its_project() =>
        Submit(Accepted).Then(Submitted());

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    public void The_best_and_worst_grades_are_accepted(int grade) =>
        Assert.Single(Submit(Accepted with { QualityGrade = grade }).Events);

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(-1)]
    public void Replenishment_needs_a_quality_grade_from_1_to_15(int? grade) =>
        Submit(Accepted with { QualityGrade = grade }).ThenRefused(Rule.AcceptanceRequired);

    [Fact]
    public void Linkage_surplus_is_filed_without_a_grade() =>
        Submit(LinkageAccepted, QuotaKind.LinkageSurplus).Then(Submitted(QuotaKind.LinkageSurplus));

    [Fact]
    public void Linkage_surplus_with_a_grade_is_refused() =>
        Submit(LinkageAccepted with { QualityGrade = 5 }, QuotaKind.LinkageSurplus).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void Linkage_surplus_with_paddy_area_is_refused() =>
        Submit(LinkageAccepted with { Verified = Quota(100, 0, 1) }, QuotaKind.LinkageSurplus).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void Paddy_area_may_equal_the_area() =>
        Assert.Single(Submit(Accepted with { Verified = Quota(20, 100, 20) }).Events);

    [Fact]
    public void Paddy_area_beyond_the_area_is_refused() =>
        Submit(Accepted with { Verified = Quota(20, 100, 20.0001m) }).ThenRefused(Rule.AcceptanceRequired);

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1.00001, 0, 0)]
    [InlineData(-1, 100, 0)]
    public void Verified_measures_must_be_a_movable_amount(decimal area, decimal grain, decimal paddy) =>
        Submit(Accepted with { Verified = Quota(area, grain, paddy) }).ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void Acceptance_and_land_type_change_on_the_filing_day_are_accepted() =>
        Assert.Single(Submit(Accepted with { AcceptedOn = Today, LandTypeChangedOn = Today }).Events);

    [Fact]
    public void An_acceptance_dated_after_the_filing_is_refused() =>
        Submit(Accepted with { AcceptedOn = Today.AddDays(1) }).ThenRefused(Rule.AcceptanceRequired);

    [Fact]
    public void A_land_type_change_recorded_after_the_filing_is_refused() =>
        Submit(Accepted with { LandTypeChangedOn = Today.AddDays(1) }).ThenRefused(Rule.AcceptanceRequired);

    [Fact]
    public void A_suspended_county_cannot_file() =>
        Submit(Accepted, suspended: true).ThenRefused(Rule.StorageSuspended);

    [Fact]
    public void A_project_is_stored_only_once() =>
        Submit(Accepted, alreadyStored: true).ThenRefused(Rule.InvalidState);

    [Fact]
    public void Approval_issues_the_verified_quota_to_the_county_with_the_project_provenance() =>
        Approve().Then(
            new StorageApplicationApproved(StorageApplicationId, Xincheng, LotA),
            new LotIssued(LotA, Xincheng, QuotaKind.Replenishment, Verified,
                new Provenance(ProjectId, ProjectName, StorageApplicationId, Xincheng, LandSource.FarmlandConsolidation, 5,
                    PlanYear: Accepted.AcceptedOn.Year)));

    [Fact]
    public void Linkage_quota_is_issued_without_land_source_or_grade() =>
        Given(Registered(QuotaKind.LinkageSurplus), Submitted(QuotaKind.LinkageSurplus))
            .When(h => h.The<StorageApplication>().Approve(h.The<Project>(), LotA, Tolerance, storageSuspended: false))
            .Then(
                new StorageApplicationApproved(StorageApplicationId, Xincheng, LotA),
                new LotIssued(LotA, Xincheng, QuotaKind.LinkageSurplus, Area(100),
                    new Provenance(ProjectId, ProjectName, StorageApplicationId, Xincheng, null, null, PlanYear: LinkageAccepted.AcceptedOn.Year)));

    [Fact]
    public void A_county_suspended_after_filing_cannot_be_approved() =>
        Approve(suspended: true).ThenRefused(Rule.StorageSuspended);

    [Fact]
    public void An_approved_application_is_not_approved_twice() =>
        Approve(after: new StorageApplicationApproved(StorageApplicationId, Xincheng, LotA)).ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_rejected_application_cannot_be_approved() =>
        Approve(after: new StorageApplicationRejected(StorageApplicationId, Xincheng, "acceptance incomplete")).ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_pending_application_can_be_withdrawn() =>
        Given(Registered(), Submitted())
            .When(h => h.The<StorageApplication>().Withdraw("filed twice"))
            .Then(new StorageApplicationWithdrawn(StorageApplicationId, Xincheng, "filed twice"));

    [Fact]
    public void A_pending_application_can_be_rejected() =>
        Given(Registered(), Submitted())
            .When(h => h.The<StorageApplication>().Reject("grade not evidenced"))
            .Then(new StorageApplicationRejected(StorageApplicationId, Xincheng, "grade not evidenced"));

    [Fact]
    public void An_approved_application_cannot_be_withdrawn() =>
        Given(Registered(), Submitted(), new StorageApplicationApproved(StorageApplicationId, Xincheng, LotA))
            .When(h => h.The<StorageApplication>().Withdraw("too late"))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_withdrawn_application_cannot_be_rejected() =>
        Given(Registered(), Submitted(), new StorageApplicationWithdrawn(StorageApplicationId, Xincheng, "filed twice"))
            .When(h => h.The<StorageApplication>().Reject("too late"))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void An_approval_is_corrected_by_a_reversal_naming_the_issued_lot() =>
        Given(Registered(), Submitted(), new StorageApplicationApproved(StorageApplicationId, Xincheng, LotA))
            .When(h => h.The<StorageApplication>().ReverseApproval("wrong project"))
            .Then(new StorageApprovalReversed(StorageApplicationId, Xincheng, LotA, "wrong project"));

    [Fact]
    public void Only_an_approval_can_be_reversed() =>
        Given(Registered(), Submitted())
            .When(h => h.The<StorageApplication>().ReverseApproval("never approved"))
            .ThenRefused(Rule.InvalidState);

    // R4: verified measures keep within the plan and the tolerance the centre set.

    [Fact]
    public void Each_measure_exactly_at_the_tolerance_above_the_plan_is_accepted() =>
        Assert.Single(SubmitAgainstPlan(Quota(110, 44000, 22)).Events);

    [Theory]
    [InlineData(110.0001, 44000, 22, "area")]
    [InlineData(110, 44000.01, 22, "grain capacity")]
    [InlineData(110, 44000, 22.0001, "paddy area")]
    public void A_measure_just_above_the_tolerance_is_refused_whatever_the_others(decimal area, decimal grain, decimal paddy,
        string measure)
    {
        var refusal = SubmitAgainstPlan(Quota(area, grain, paddy)).ThenRefused(Rule.VerifiedExceedsPlanned);

        Assert.Contains($"tolerance: {measure} ", refusal.Message);
        Assert.DoesNotContain(" planned; ", refusal.Message); // the one measure over, and no other
    }

    [Fact]
    public void The_newcomers_100000_mu_on_a_project_planned_at_10_mu_is_refused() =>
        Submit(LinkageAccepted with { Verified = Area(100_000) }, QuotaKind.LinkageSurplus, planned: Area(10))
            .ThenRefused(Rule.VerifiedExceedsPlanned);

    [Fact]
    public void Less_than_planned_is_accepted() =>
        Assert.Single(SubmitAgainstPlan(Quota(60, 1000, 0)).Events);

    [Fact]
    public void A_measure_planned_at_zero_allows_no_verified_amount_of_it()
    {
        var noPaddyPlanned = Quota(100, 40000, 0);
        Assert.Single(Submit(Accepted with { Verified = Quota(100, 40000, 0) }, planned: noPaddyPlanned).Events);
        Submit(Accepted with { Verified = Quota(100, 40000, 0.0001m) }, planned: noPaddyPlanned).ThenRefused(Rule.VerifiedExceedsPlanned);
    }

    [Theory]
    [InlineData(0, 100, true)]
    [InlineData(0, 100.0001, false)]
    [InlineData(25, 125, true)]
    [InlineData(25, 125.0001, false)]
    [InlineData(2.5, 102.5, true)]
    public void The_tolerance_is_the_one_in_force(decimal tolerance, decimal verifiedArea, bool accepted)
    {
        var outcome = SubmitAgainstPlan(Quota(verifiedArea, 40000, 20), tolerance);
        if (accepted) Assert.Single(outcome.Events);
        else outcome.ThenRefused(Rule.VerifiedExceedsPlanned);
    }

    [Fact]
    public void Approval_holds_the_application_against_the_plan_as_amended_since_the_filing() =>
        Approve(after: new ProjectPlanAmended(ProjectId, Xincheng, Quota(50, 45000.5m, 20), "plan overstated the area"))
            .ThenRefused(Rule.VerifiedExceedsPlanned);

    [Fact]
    public void Approval_holds_the_application_against_the_tolerance_in_force_on_the_approval_day() =>
        Given(Registered(planned: Quota(100, 45000.5m, 20)),
                new StorageApplicationSubmitted(StorageApplicationId, ProjectId, Xincheng, QuotaKind.Replenishment,
                    Accepted with { Verified = Quota(108, 45000.5m, 20) }, Today))
            .When(h => h.The<StorageApplication>().Approve(h.The<Project>(), LotA, verificationTolerancePercent: 5, storageSuspended: false))
            .ThenRefused(Rule.VerifiedExceedsPlanned);

    [Fact]
    public void An_amended_plan_lets_an_application_filed_against_it_through() =>
        Given(Registered(planned: Area(10)), new ProjectPlanAmended(ProjectId, Xincheng, Verified, "surveyed area was 100 mu"))
            .When(h => StorageApplication.Submit(StorageApplicationId, h.The<Project>(), Accepted, Today, Tolerance, false, false))
            .Then(Submitted());
}
