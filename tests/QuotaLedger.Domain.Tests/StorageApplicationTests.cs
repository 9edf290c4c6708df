using QuotaLedger.Domain.Lots;
using QuotaLedger.Domain.Projects;
using QuotaLedger.Domain.Storage;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests;

/// <summary>R4 storage needs acceptance; R5 suspended areas may not store.</summary>
public class StorageApplicationTests
{
    private static readonly DateOnly Today = new(2024, 6, 30);
    private static readonly Measures Verified = Quota(100, 45000.5m, 20);
    private static readonly Acceptance Accepted = new(Verified, 5, Today.AddDays(-10), Today.AddDays(-40));
    private static readonly Acceptance LinkageAccepted = Accepted with { Verified = Area(100), QualityGrade = null };

    private static ProjectRegistered Registered(QuotaKind kind = QuotaKind.Replenishment) =>
        new(ProjectId, Xincheng, kind, ProjectName, LandSource.FarmlandConsolidation, 3, false, Quota(0, 0, 0));

    private static StorageApplicationSubmitted Submitted(QuotaKind kind = QuotaKind.Replenishment) =>
        new(StorageApplicationId, ProjectId, Xincheng, kind, kind == QuotaKind.Replenishment ? Accepted : LinkageAccepted, Today);

    private static Outcome Submit(Acceptance acceptance, QuotaKind kind = QuotaKind.Replenishment, bool suspended = false,
        bool alreadyStored = false) =>
        Given(Registered(kind)).When(h =>
            StorageApplication.Submit(StorageApplicationId, h.The<Project>(), acceptance, Today, suspended, alreadyStored));

    private static Outcome Approve(bool suspended = false, params IDomainEvent[] after) =>
        Given([Registered(), Submitted(), .. after]).When(h =>
            h.The<StorageApplication>().Approve(h.The<Project>(), LotA, suspended));

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
                new Provenance(ProjectId, ProjectName, StorageApplicationId, Xincheng, LandSource.FarmlandConsolidation, 5)));

    [Fact]
    public void Linkage_quota_is_issued_without_land_source_or_grade() =>
        Given(Registered(QuotaKind.LinkageSurplus), Submitted(QuotaKind.LinkageSurplus))
            .When(h => h.The<StorageApplication>().Approve(h.The<Project>(), LotA, storageSuspended: false))
            .Then(
                new StorageApplicationApproved(StorageApplicationId, Xincheng, LotA),
                new LotIssued(LotA, Xincheng, QuotaKind.LinkageSurplus, Area(100),
                    new Provenance(ProjectId, ProjectName, StorageApplicationId, Xincheng, null, null)));

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
}
