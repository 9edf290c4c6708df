using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Suspensions;
using static QuotaLedger.Domain.Tests.Oversight.InspectionExamples;
using static QuotaLedger.Domain.Tests.Support.Examples;

namespace QuotaLedger.Domain.Tests.Oversight;

/// <summary>R5 and the annual check's sample, decided without a database.</summary>
public class InspectionCampaignTests
{
    private static readonly RegionCatalog Regions = RegionCatalog.InnerMongolia;
    private static readonly PolicyParameterSet Regime = PolicyParameters.BuiltIn.InForceOn(Today);

    private static Guid[] Suspects(int n) => Enumerable.Range(0, n).Select(i => ProjectOf(Xincheng, i)).ToArray();

    [Theory]
    [InlineData(7, 2)]
    [InlineData(20, 3)]
    [InlineData(1, 1)]
    [InlineData(21, 4)]
    [InlineData(0, 0)]
    public void The_sample_is_fifteen_percent_of_the_suspects_rounded_up(int suspects, int sampled)
    {
        Assert.Equal(sampled, FieldSampling.SizeOf(suspects, 15m));
        Assert.Equal(sampled, FieldSampling.Draw(Suspects(suspects), 15m, seed: 42).Count);
    }

    [Fact]
    public void The_same_seed_and_suspects_give_the_same_sample_in_any_order()
    {
        var suspects = Suspects(40);
        var sample = FieldSampling.Draw(suspects, 15m, seed: 20240603);
        Assert.Equal(sample, FieldSampling.Draw(suspects.Reverse(), 15m, seed: 20240603));
        Assert.Equal(sample, FieldSampling.Draw(suspects.OrderBy(s => s.ToString("N")[5]), 15m, seed: 20240603));
    }

    [Fact]
    public void Different_seeds_draw_different_samples()
    {
        var suspects = Suspects(40);
        var samples = Enumerable.Range(1, 5).Select(seed => string.Join(",", FieldSampling.Draw(suspects, 15m, seed).Order())).ToHashSet();
        Assert.True(samples.Count > 1, "five seeds drew one sample");
    }

    /// <summary>The order is pinned to SHA-256, so a sample recorded years ago can be redrawn by anyone.</summary>
    [Fact]
    public void The_sampling_key_is_sha256_of_the_seed_and_the_project_id() =>
        Assert.Equal("4a150baef955188997e9c943b226edaee706f564f874e0b27386ffdf882ff699",
            Convert.ToHexStringLower(FieldSampling.KeyOf(7, Guid.Parse("01234567-89ab-cdef-0123-456789abcdef"))));

    [Fact]
    public void The_annual_check_draws_its_sample_once_with_the_regime_and_seed_recorded_and_suspects_are_added_by_hand()
    {
        var suspects = Suspects(7);
        var campaign = Campaign(CampaignType.AnnualImageryCheck, suspects.Select(s => (s, Xincheng)).ToArray());

        var drawn = campaign.DrawSample(99, PolicyParameters.BuiltIn, Today);
        Assert.Equal((99L, 15m, "F-2023", 7, 2), (drawn.Seed, drawn.Percent, drawn.PolicySetId, drawn.Suspects, drawn.Drawn.Count));
        Assert.Equal(FieldSampling.Draw(suspects, 15m, 99), drawn.Drawn);
        campaign = campaign.Then(drawn);
        Assert.Equal(Rule.InvalidState, Refused(() => campaign.DrawSample(100, PolicyParameters.BuiltIn, Today)));

        var left = suspects.First(s => !drawn.Drawn.Contains(s));
        campaign = campaign.Then(campaign.AddToSample(left, "bare soil on imagery"));
        Assert.True(campaign.Sample!.Contains(left));
        Assert.Equal(Rule.InvalidState, Refused(() => campaign.AddToSample(left, "again")));
        Assert.Equal(Rule.NotOnProblemList, Refused(() => campaign.AddToSample(Id("elsewhere"), "not listed")));

        var outside = suspects.First(s => !campaign.Sample.Contains(s));
        Assert.Equal(Rule.NotSampled, Refused(() => campaign.RecordResults([AbandonedResult(outside, Area(1))], Today)));
        Assert.Single(campaign.RecordResults([AbandonedResult(left, Area(1))], Today).Results);
    }

    [Fact]
    public void Exactly_ten_percent_reaches_the_threshold_and_just_below_does_not()
    {
        Assert.True(AbandonmentThreshold.Reached(10m, 100m, 10m));
        Assert.False(AbandonmentThreshold.Reached(9.9999m, 100m, 10m));
        Assert.True(AbandonmentThreshold.Reached(0.0001m, 0.001m, 10m));
        Assert.False(AbandonmentThreshold.Reached(0.0001m, 0.0010001m, 10m));
        Assert.False(AbandonmentThreshold.Reached(0m, 0m, 10m));
    }

    [Theory]
    [InlineData("10", true)]
    [InlineData("9.9999", false)]
    public void The_campaign_freezes_and_suspends_a_county_at_ten_percent_of_its_issued_area_and_not_below(string abandonedArea, bool freezes)
    {
        var (abandoned, other) = (ProjectOf(Xincheng, 1), ProjectOf(Xincheng, 2));
        var campaign = Campaign(CampaignType.SpecialSweep, (abandoned, Xincheng), (other, Xincheng));
        campaign = campaign.Then(campaign.RecordResults([AbandonedResult(abandoned, Quota(decimal.Parse(abandonedArea), 500, 1))], Today));
        // Xincheng 100 mu of 呼和浩特市's 1000: the prefecture stays below.
        var issued = new Dictionary<string, decimal> { [Xincheng] = 100m, [Huimin] = 900m };

        var checks = campaign.ThresholdChecks(issued, 10m, Regions);
        if (!freezes)
        {
            Assert.Empty(checks);
            return;
        }
        var check = Assert.Single(checks);
        Assert.Equal((Xincheng, RegionLevel.County, 10m, 100m), (check.RegionCode, check.Level, check.AbandonedArea, check.TotalArea));

        var older = LotOf(LotA, Xincheng, other, Quota(60, 3000, 10));
        var own = LotOf(LotB, Xincheng, abandoned, Quota(40, 300, 0));
        var (reached, imposed, frozen, suspended) = campaign.ReachThreshold(check, [older, own], null, Regime, Ids(FreezeId), Today);

        // Its own lot first, what it lacks (200 kg, 1 mu of paddy) from the older lot.
        var freeze = Assert.Single(imposed);
        Assert.Equal([new LotShare(LotB, Quota(10, 300, 0)), new LotShare(LotA, Quota(0, 200, 1))], freeze.Shares);
        Assert.Equal(Citation.Of<InspectionCampaign>(CampaignId), freeze.Cites);
        Assert.Equal(2, frozen.Count);
        Assert.Equal(new StorageApplicationsSuspended(Xincheng, suspended!.Reason, Citation.Of<InspectionCampaign>(CampaignId)), suspended);
        Assert.Equal([new ThresholdFreeze(Xincheng, FreezeId, Quota(10, 500, 1), Quota(10, 500, 1), Measures.Zero)], reached.Freezes);
        Assert.Equal(("F-2023", 10m, true), (reached.PolicySetId, reached.ThresholdPercent, reached.SuspendedStorage));

        campaign = campaign.Then(reached);
        Assert.Empty(campaign.ThresholdChecks(issued, 10m, Regions));
        Assert.Equal(Rule.InvalidState, Refused(() => campaign.ReachThreshold(check, [older, own], null, Regime, Ids(FreezeId), Today)));
    }

    [Fact]
    public void What_is_not_available_is_recorded_as_the_shortfall_and_an_area_already_suspended_is_left_as_it_is()
    {
        var project = ProjectOf(Xincheng, 1);
        var campaign = Campaign(CampaignType.SpecialSweep, (project, Xincheng));
        campaign = campaign.Then(campaign.RecordResults([AbandonedResult(project, Area(30))], Today));
        var check = campaign.ThresholdChecks(new Dictionary<string, decimal> { [Xincheng] = 100m }, 10m, Regions)
            .Single(c => c.RegionCode == Xincheng);
        var lot = LotOf(LotA, Xincheng, project, Area(100));
        var mostlyReserved = Lot.Evolve(lot, lot.Reserve(TransferId, Area(88)))!;

        var (reached, imposed, _, suspended) = campaign.ReachThreshold(check, [mostlyReserved],
            new StorageSuspension(Xincheng, true, "suspended by hand"), Regime, Ids(FreezeId), Today);
        Assert.Equal([new ThresholdFreeze(Xincheng, FreezeId, Area(30), Area(12), Area(18))], reached.Freezes);
        Assert.Single(imposed);
        Assert.Null(suspended);
        Assert.False(reached.SuspendedStorage);
    }

    [Fact]
    public void A_prefecture_reaches_the_threshold_with_its_counties_together_and_freezes_the_shares_no_county_decision_froze()
    {
        var (a, b) = (ProjectOf(Xincheng, 1), ProjectOf(Huimin, 1));
        var campaign = Campaign(CampaignType.AnnualImageryCheck, (a, Xincheng), (b, Huimin));
        campaign = campaign.Then(campaign.DrawSample(1, PolicyParameters.BuiltIn, Today));
        foreach (var p in new[] { a, b }.Where(p => !campaign.Sample!.Contains(p))) campaign = campaign.Then(campaign.AddToSample(p, "by hand"));
        campaign = campaign.Then(campaign.RecordResults([AbandonedResult(a, Area(6)), AbandonedResult(b, Area(4))], Today));

        // 6 of 100 and 4 of 100 each stay below; 10 of 100 for 呼和浩特市 (its other counties hold nothing) does not.
        var checks = campaign.ThresholdChecks(new Dictionary<string, decimal> { [Xincheng] = 100m, [Huimin] = 100m, ["150104"] = 0m }, 10m, Regions);
        Assert.Empty(checks);
        checks = campaign.ThresholdChecks(new Dictionary<string, decimal> { [Xincheng] = 60m, [Huimin] = 40m }, 10m, Regions);
        Assert.Equal([(Xincheng, RegionLevel.County), (Huimin, RegionLevel.County), (Hohhot, RegionLevel.Prefecture)],
            checks.Select(c => (c.RegionCode, c.Level)));
        Assert.Empty(checks.Single(c => c.Level == RegionLevel.Prefecture).ToFreeze);

        // A prefecture reaches it only with a county that does (a sum of shares below 10% stays below): Xincheng's 6 of 50
        // freezes Xincheng; 呼和浩特市's 10 of 100 freezes Huimin's 4 of 50, below the threshold on its own.
        checks = campaign.ThresholdChecks(new Dictionary<string, decimal> { [Xincheng] = 50m, [Huimin] = 50m }, 10m, Regions);
        Assert.Equal([Xincheng, Hohhot], checks.Select(c => c.RegionCode));
        var prefecture = checks[1];
        Assert.Equal((10m, 100m), (prefecture.AbandonedArea, prefecture.TotalArea));
        Assert.Equal([(Huimin, Area(4))], prefecture.ToFreeze.Select(c => (c.County, c.Abandoned)));
    }

    [Fact]
    public void A_recheck_lifts_the_freezes_still_in_force_and_resumes_what_the_decision_suspended_citing_the_recheck()
    {
        var project = ProjectOf(Xincheng, 1);
        var campaign = Campaign(CampaignType.SpecialSweep, (project, Xincheng));
        campaign = campaign.Then(campaign.RecordResults([AbandonedResult(project, Area(30))], Today));
        var check = campaign.ThresholdChecks(new Dictionary<string, decimal> { [Xincheng] = 100m }, 10m, Regions).Single(c => c.RegionCode == Xincheng);
        var lot = LotOf(LotA, Xincheng, project, Area(100));
        var (reached, imposed, frozen, suspended) = campaign.ReachThreshold(check, [lot], null, Regime, Ids(FreezeId), Today);
        campaign = campaign.Then(reached);
        var freeze = Freeze.Evolve(null, imposed[0])!;
        var frozenLot = Lot.Evolve(lot, frozen[0])!;
        var suspension = StorageSuspension.Evolve(null, suspended!);
        var recheck = Id("recheck");

        var (rectified, lifted, unfrozen, resumed) = campaign.ConfirmRectification(Xincheng, recheck,
            new Dictionary<Guid, Freeze> { [FreezeId] = freeze }, new Dictionary<Guid, Lot> { [LotA] = frozenLot }, suspension, [], "farmed again");
        Assert.Equal(new RegionRectified(CampaignId, Xincheng, recheck), rectified);
        Assert.Equal(Citation.Of<RectificationRecheck>(recheck), Assert.Single(lifted).Cites);
        Assert.Equal(Area(30), Assert.Single(unfrozen).Amount);
        Assert.Equal(Citation.Of<RectificationRecheck>(recheck), resumed!.Cites);

        campaign = campaign.Then(rectified);
        Assert.Equal(Rule.InvalidState, Refused(() => campaign.ConfirmRectification(Xincheng, Id("again"),
            new Dictionary<Guid, Freeze> { [FreezeId] = freeze }, new Dictionary<Guid, Lot> { [LotA] = frozenLot }, suspension, [], "again")));
        Assert.Equal(Rule.InvalidState, Refused(() => campaign.ConfirmRectification(Huimin, Id("other"),
            new Dictionary<Guid, Freeze>(), new Dictionary<Guid, Lot>(), null, [], "never reached")));
    }

    private static readonly Guid CampaignB = Id("campaign B");

    /// <summary>
    /// A sweep (<paramref name="id"/>) whose 30 of 100 mu abandoned in Xincheng reached R5 on the region's suspension as
    /// it stood: the campaign with its decision, its freeze, the frozen lot and the suspension after it.
    /// </summary>
    private static (InspectionCampaign Campaign, Freeze Freeze, Lot Lot, StorageSuspension? Suspension) Decided(
        Guid id, Guid lotId, Guid freezeId, StorageSuspension? suspension)
    {
        var project = Id($"project of campaign {id}");
        var campaign = Campaign(CampaignType.SpecialSweep, (project, Xincheng)) with { Id = id };
        campaign = campaign.Then(campaign.RecordResults([AbandonedResult(project, Area(30))], Today));
        var check = campaign.ThresholdChecks(new Dictionary<string, decimal> { [Xincheng] = 100m }, 10m, Regions).Single(c => c.RegionCode == Xincheng);
        var lot = LotOf(lotId, Xincheng, project, Area(100));
        var (reached, imposed, frozen, suspended) = campaign.ReachThreshold(check, [lot], suspension, Regime, Ids(freezeId), Today);
        return (campaign.Then(reached), Freeze.Evolve(null, imposed[0])!, Lot.Evolve(lot, frozen[0])!,
            suspended is null ? suspension : StorageSuspension.Evolve(suspension, suspended));
    }

    private static (RegionRectified Rectified, IReadOnlyList<FreezeLifted> Lifted, IReadOnlyList<LotQuotaUnfrozen> Unfrozen, StorageApplicationsResumed? Resumed)
        Recheck((InspectionCampaign Campaign, Freeze Freeze, Lot Lot, StorageSuspension? _) decided, Guid recheck, StorageSuspension? suspension,
            params Guid[] heldBy) =>
        decided.Campaign.ConfirmRectification(Xincheng, recheck, new Dictionary<Guid, Freeze> { [decided.Freeze.Id] = decided.Freeze },
            new Dictionary<Guid, Lot> { [decided.Lot.Id] = decided.Lot }, suspension, heldBy, "farmed again");

    [Fact]
    public void The_suspension_keeps_the_citation_of_the_campaign_that_imposed_it()
    {
        var (_, _, _, suspension) = Decided(CampaignId, LotA, FreezeId, null);
        Assert.Equal(new StorageSuspension(Xincheng, true, suspension!.Reason, Citation.Of<InspectionCampaign>(CampaignId)), suspension);
    }

    [Fact]
    public void Two_campaigns_in_a_region_the_first_rechecked_first_lifts_its_freeze_and_the_second_resumes_storage()
    {
        // Given campaign A suspended Xincheng, and campaign B reached R5 there while it was suspended.
        var a = Decided(CampaignId, LotA, FreezeId, null);
        var b = Decided(CampaignB, LotB, Id("freeze B"), a.Suspension);
        Assert.Equal((true, false), (a.Campaign.DecisionFor(Xincheng)!.SuspendedStorage, b.Campaign.DecisionFor(Xincheng)!.SuspendedStorage));
        Assert.Equal(Citation.Of<InspectionCampaign>(CampaignId), b.Suspension!.Cites);

        // When A is re-checked while B's decision is unrectified: A's freeze is lifted, storage stays suspended, held by B.
        var recheckA = Id("recheck A");
        var (rectifiedA, liftedA, _, resumedA) = Recheck(a, recheckA, b.Suspension, CampaignB);
        Assert.Equal(a.Freeze.Id, Assert.Single(liftedA).FreezeId);
        Assert.Null(resumedA);
        Assert.Equal([CampaignB], rectifiedA.StorageHeldBy);
        Assert.Equal([CampaignB], a.Campaign.Then(rectifiedA).DecisionFor(Xincheng)!.StorageHeldBy);

        // When B is re-checked then, with no decision left unrectified: B's freeze is lifted and storage resumes citing B's re-check.
        var recheckB = Id("recheck B");
        var (rectifiedB, liftedB, _, resumedB) = Recheck(b, recheckB, b.Suspension);
        Assert.Equal(b.Freeze.Id, Assert.Single(liftedB).FreezeId);
        Assert.Equal(new StorageApplicationsResumed(Xincheng, "farmed again", Citation.Of<RectificationRecheck>(recheckB)), resumedB);
        Assert.Null(rectifiedB.StorageHeldBy);
    }

    [Fact]
    public void Two_campaigns_in_a_region_the_second_rechecked_first_leaves_storage_suspended_and_the_first_resumes_it()
    {
        var a = Decided(CampaignId, LotA, FreezeId, null);
        var b = Decided(CampaignB, LotB, Id("freeze B"), a.Suspension);

        // B first: its decision suspended nothing, A's is unrectified: B's freeze is lifted, storage stays suspended, held by A.
        var (rectifiedB, liftedB, _, resumedB) = Recheck(b, Id("recheck B"), b.Suspension, CampaignId);
        Assert.Single(liftedB);
        Assert.Null(resumedB);
        Assert.Equal([CampaignId], rectifiedB.StorageHeldBy);

        // A then resumes, citing its re-check; its own id among those found is not a campaign holding the region.
        var recheckA = Id("recheck A");
        var (_, liftedA, _, resumedA) = Recheck(a, recheckA, b.Suspension, CampaignId);
        Assert.Single(liftedA);
        Assert.Equal(Citation.Of<RectificationRecheck>(recheckA), resumedA!.Cites);
    }

    [Fact]
    public void A_recheck_does_not_resume_a_suspension_by_hand()
    {
        // Given storage suspended by hand, then a campaign reaching R5 there.
        var byHand = StorageSuspension.Evolve(null, StorageSuspension.Suspend(null, Xincheng, "suspended by the centre"));
        var decided = Decided(CampaignId, LotA, FreezeId, byHand);
        Assert.False(decided.Campaign.DecisionFor(Xincheng)!.SuspendedStorage);

        // When its re-check confirms rectification: the freeze is lifted, the suspension by hand stays, held by no campaign.
        var (rectified, lifted, _, resumed) = Recheck(decided, Id("recheck"), byHand);
        Assert.Single(lifted);
        Assert.Null(resumed);
        Assert.Null(rectified.StorageHeldBy);
    }

    [Fact]
    public void Patrol_steps_are_due_five_days_after_issue_and_five_after_the_prefectures_forwarding()
    {
        var (a, b) = (ProjectOf(Xincheng, 1), ProjectOf(Donghe, 1));
        var campaign = Campaign(CampaignType.MonthlySatellitePatrol, (a, Xincheng), (b, Donghe));
        Assert.Equal(new PatrolSchedule(Today, 5, 5, "F-2023", [], []), campaign.Patrol);
        Assert.Equal(Rule.InvalidState, Refused(() => campaign.ReportPatrolResult(Xincheng, Today, "done", Regions)));

        var forwarded = campaign.ForwardPatrolList(Hohhot, Today.AddDays(5), Regions);
        Assert.False(forwarded.Late);
        campaign = campaign.Then(forwarded);
        var late = campaign.ReportPatrolResult(Xincheng, Today.AddDays(11), "farmed", Regions);
        Assert.Equal((Today.AddDays(10), true), (late.DueOn, late.Late));
        campaign = campaign.Then(late);

        var steps = PatrolDeadlines.Of(campaign, Today.AddDays(11), Regions);
        Assert.Equal(
            [
                new PatrolDeadline(CampaignId, RegionLevel.Prefecture, Hohhot, Today.AddDays(5), Today.AddDays(5), false, false),
                new PatrolDeadline(CampaignId, RegionLevel.Prefecture, Baotou, Today.AddDays(5), null, true, false),
                new PatrolDeadline(CampaignId, RegionLevel.County, Xincheng, Today.AddDays(10), Today.AddDays(11), false, true),
                new PatrolDeadline(CampaignId, RegionLevel.County, Donghe, null, null, false, false),
            ],
            steps);
        Assert.Equal(Rule.NotOnProblemList, Refused(() => campaign.ForwardPatrolList("150300", Today, Regions)));
    }

    private static Rule Refused(Action decide) => Assert.Throws<RuleViolationException>(decide).Rule;
}
