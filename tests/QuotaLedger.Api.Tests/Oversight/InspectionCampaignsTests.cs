using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Oversight.Inspections;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Suspensions;
using static QuotaLedger.Api.Tests.Oversight.InspectionSteps;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// R5 through the API: campaigns, the annual check's field sample, field results that freeze and suspend automatically and
/// once at the threshold, the re-check that lifts and resumes, each citing its cause. Each test works in prefectures of its own.
/// </summary>
public sealed class InspectionCampaignsTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task The_centre_opens_a_campaign_and_each_area_reads_its_own_part()
    {
        var (hulunbuir, _) = await api.StoredProjectAsync("150702", Area(20));
        var (bayannur, _) = await api.StoredProjectAsync("150802", Area(20));
        var centre = api.Centre();
        var id = await centre.CreateCampaignAsync(CampaignType.AnnualImageryCheck, [hulunbuir, bayannur]);

        var campaign = await centre.CampaignAsync(id);
        Assert.Equal(1, campaign.Version);
        Assert.Equal(CampaignType.AnnualImageryCheck, campaign.Resource.Type);
        Assert.Equal(["150702", "150802"], campaign.Resource.Problems.Select(p => p.County).Order());
        Assert.Equal(PolicyIdOfToday, campaign.Resource.PolicySetId);
        Assert.NotNull(campaign.History);

        var county = await api.County("150702").CampaignAsync(id);
        Assert.Equal([hulunbuir], county.Resource.Problems.Select(p => p.ProjectId));
        Assert.Null(county.History);
        var listed = await api.Prefecture("150800").GetAsync<Page<ResourceView<InspectionCampaign>>>(Campaigns);
        Assert.Equal([bayannur], Assert.Single(listed.Items, c => c.Resource.Id == id).Resource.Problems.Select(p => p.ProjectId));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.County("150302").GetAsync(Campaign(id))).StatusCode);

        await (await api.County("150702").PostJsonAsync(Campaigns, CampaignBody(CampaignType.SpecialSweep, [hulunbuir])))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await centre.PostJsonAsync($"{Campaign(id)}/field-results", new { Results = new[] { Abandoned(hulunbuir, Area(1)) } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "not-sampled");
    }

    [Fact]
    public async Task Bad_campaigns_and_results_are_refused_naming_each_field_and_write_nothing()
    {
        var events = await api.EventCountAsync();
        var centre = api.Centre();
        await (await centre.PostJsonAsync(Campaigns, new
            {
                Type = CampaignType.SpecialSweep,
                Title = "",
                Period = new { From = new DateOnly(2025, 12, 31), To = new DateOnly(2025, 1, 1) },
                Problems = new[] { new { ProjectId = Guid.NewGuid(), SuspectedArea = 1.00001m, Finding = FindingCode.NonFarmUse } },
            }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "title", "period.to", "problems[0].suspectedArea");
        await (await centre.PostResultsAsync(Guid.NewGuid(),
                new { ProjectId = Guid.NewGuid(), Outcome = FieldOutcome.Confirmed, Confirmed = new Measures(1, 0.001m, 0) },
                new { ProjectId = Guid.NewGuid(), Outcome = FieldOutcome.Cleared, Finding = FindingCode.Abandonment }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "results[0].finding", "results[0].confirmed.grainCapacity", "results[1].finding");
        Assert.Equal(events, await api.EventCountAsync());
    }

    /// <summary>The built-in regime in force on the test clock's day (2026): the 2025 reform's, with F-2023's 10%, 15% and 5 + 5 days.</summary>
    private const string PolicyIdOfToday = "NR-2025";

    [Fact]
    public async Task Abandonment_of_exactly_ten_percent_freezes_the_abandoned_projects_quota_and_suspends_storage_citing_the_campaign()
    {
        const string county = "150103";  // 回民区, the only county of 呼和浩特市 with quota in this test
        var (older, olderLot) = await api.StoredProjectAsync(county, Replenishment(60, 30000, 0));
        var (abandoned, abandonedLot) = await api.StoredProjectAsync(county, Replenishment(40, 20000, 5));
        var centre = api.Centre();
        var id = await centre.CreateCampaignAsync(CampaignType.AnnualImageryCheck, [older, abandoned]);
        await centre.SampleAllAsync(id, [older, abandoned]);

        await centre.RecordResultsAsync(id, Cleared(older), Abandoned(abandoned, Replenishment(10, 4000, 1)));

        var campaign = (await centre.CampaignAsync(id)).Resource;
        var decision = Assert.Single(campaign.Decisions, d => d.RegionCode == county);
        Assert.Equal((10m, 100m, 10m, PolicyIdOfToday), (decision.AbandonedArea, decision.TotalArea, decision.ThresholdPercent, decision.PolicySetId));
        Assert.True(decision.SuspendedStorage);
        var share = Assert.Single(decision.Freezes);
        Assert.Equal((Replenishment(10, 4000, 1), Measures.Zero), (share.Frozen, share.Shortfall));

        // The freeze is on the abandoned project's own lot, though an older lot of the county had enough.
        var freeze = await centre.GetAsync<ResourceView<Freeze>>($"{Freezes}/{share.FreezeId}");
        Assert.Equal([abandonedLot], freeze.Resource.Shares.Select(s => s.LotId));
        var imposed = await centre.HistoryDataAsync($"{Freezes}/{share.FreezeId}", 0);
        Assert.Equal(("inspection_campaign", id.ToString()),
            (imposed.GetProperty("cites").GetProperty("streamType").GetString(), imposed.GetProperty("cites").GetProperty("id").GetString()));
        Assert.Equal(Replenishment(10, 4000, 1), (await centre.BalanceAsync(county, QuotaKind.Replenishment)).Frozen);
        Assert.Equal(Measures.Zero, (await centre.GetAsync<ResourceView<QuotaLedger.Domain.Ledger.Lots.Lot>>($"{Lots}/{olderLot}")).Resource.Freezes.Values.Aggregate(Measures.Zero, (a, b) => a + b));

        var suspended = await centre.HistoryDataAsync(Suspension(county), 0);
        Assert.Equal("inspection_campaign", suspended.GetProperty("cites").GetProperty("streamType").GetString());
        Assert.Equal(id.ToString(), suspended.GetProperty("cites").GetProperty("id").GetString());
        // The prefecture's counties together: 10 of 100 mu as well; its county's abandonment is frozen already.
        var prefecture = Assert.Single(campaign.Decisions, d => d.RegionCode == "150100");
        Assert.Empty(prefecture.Freezes);
        Assert.True((await centre.GetAsync<ResourceView<StorageSuspension>>(Suspension("150100"))).Resource.Suspended);

        var countyClient = api.County(county);
        var next = await countyClient.RegisterProjectAsync(county, QuotaKind.Replenishment, Area(8));
        var accepted = api.Clock.Today.AddDays(-5);
        await (await countyClient.PostJsonAsync(StorageApplications, StorageBody(next, Area(8), 5, accepted, accepted)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "storage-suspended");

        // Re-checked: the county's freeze is lifted and its storage resumed, citing the re-check; the prefecture's next.
        var recheck = await RecheckAsync(id, county);
        var lifted = await centre.GetAsync<ResourceView<Freeze>>($"{Freezes}/{share.FreezeId}");
        Assert.Equal(FreezeStatus.Lifted, lifted.Resource.Status);
        var liftedData = await centre.HistoryDataAsync($"{Freezes}/{share.FreezeId}", 1);
        Assert.Equal(("rectification_recheck", recheck.ToString()),
            (liftedData.GetProperty("cites").GetProperty("streamType").GetString(), liftedData.GetProperty("cites").GetProperty("id").GetString()));
        var resumed = await centre.HistoryDataAsync(Suspension(county), 1);
        Assert.Equal(recheck.ToString(), resumed.GetProperty("cites").GetProperty("id").GetString());
        Assert.Equal(Measures.Zero, (await centre.BalanceAsync(county, QuotaKind.Replenishment)).Frozen);
        await (await countyClient.PostJsonAsync(StorageApplications, StorageBody(next, Area(8), 5, accepted, accepted)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "storage-suspended");

        await RecheckAsync(id, "150100");
        await countyClient.SubmitStorageAsync(api, next, QuotaKind.Replenishment, Area(8));
        Assert.Equal(recheck, (await centre.CampaignAsync(id)).Resource.DecisionFor(county)!.RecheckId);
        await (await centre.PostJsonAsync($"{Campaign(id)}/rechecks", new { RegionCode = county, CheckedOn = api.Clock.Today, Findings = "again" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        // Campaign, re-check, freeze and suspension events with their citations re-serialise to the bytes their MACs cover.
        Assert.Empty(await api.VerifyAsync());
    }

    [Fact]
    public async Task Abandonment_just_below_ten_percent_freezes_nothing_and_reaching_it_later_freezes_once()
    {
        const string county = "150202";  // 东河区, the only county of 包头市 with quota in this test
        var (first, firstLot) = await api.StoredProjectAsync(county, Area(90));
        var (second, secondLot) = await api.StoredProjectAsync(county, Area(10));
        var centre = api.Centre();
        var id = await centre.CreateCampaignAsync(CampaignType.AnnualImageryCheck, [first, second]);
        await centre.SampleAllAsync(id, [first, second]);
        var freezesBefore = await api.EventCountAsync("freeze_imposed");

        await centre.RecordResultsAsync(id, Abandoned(first, Area(9.9999m)));
        Assert.Empty((await centre.CampaignAsync(id)).Resource.Decisions);
        Assert.Equal(freezesBefore, await api.EventCountAsync("freeze_imposed"));
        Assert.False((await centre.GetAsync<ResourceView<StorageSuspension>>(Suspension(county))).Resource.Suspended);

        await centre.RecordResultsAsync(id, Abandoned(second, Area(0.0001m)));
        var campaign = (await centre.CampaignAsync(id)).Resource;
        var decision = campaign.DecisionFor(county)!;
        Assert.Equal(10m, decision.AbandonedArea);
        var freeze = await centre.GetAsync<ResourceView<Freeze>>($"{Freezes}/{Assert.Single(decision.Freezes).FreezeId}");
        Assert.Equal([(firstLot, Area(9.9999m)), (secondLot, Area(0.0001m))], freeze.Resource.Shares.Select(s => (s.LotId, s.Amount)).Order());
        Assert.Equal(freezesBefore + 1, await api.EventCountAsync("freeze_imposed"));
    }

    [Fact]
    public async Task Two_result_recordings_at_once_that_each_reach_the_threshold_freeze_once()
    {
        const string county = "150302";  // 海勃湾区, the only county of 乌海市 with quota in this test
        var (first, _) = await api.StoredProjectAsync(county, Area(50));
        var (second, _) = await api.StoredProjectAsync(county, Area(50));
        var centre = api.Centre();
        var id = await centre.CreateCampaignAsync(CampaignType.SpecialSweep, [first, second], "sweep of 乌海市");
        var reachedBefore = await api.EventCountAsync("abandonment_threshold_reached");

        var responses = await Task.WhenAll(
            api.Centre("centre-a").PostJsonAsync($"{Campaign(id)}/field-results", new { Results = new[] { Abandoned(first, Area(10)) } }, idempotencyKey: "r-1"),
            api.Centre("centre-b").PostResultsAsync(id, Abandoned(second, Area(10))));
        var firstResult = await responses[0].ReadAsync<CommandResult>();
        await responses[1].ReadAsync<CommandResult>();

        var campaign = (await centre.CampaignAsync(id)).Resource;
        Assert.Equal(2, campaign.Results.Count);
        Assert.Equal(new[] { "150300", county }, campaign.Decisions.Select(d => d.RegionCode).Order());
        Assert.Equal(reachedBefore + 2, await api.EventCountAsync("abandonment_threshold_reached"));
        var freezes = await centre.GetAsync<Page<ResourceView<Freeze>>>($"{Freezes}?holder={county}");
        var only = Assert.Single(freezes.Items);
        Assert.Equal(Area(10), Measures.Sum(only.Resource.Shares.Select(s => s.Amount)));

        // A retry under the same key answers as before; the same result sent again is refused; neither freezes again.
        var retried = await api.Centre("centre-a").PostJsonAsync($"{Campaign(id)}/field-results",
            new { Results = new[] { Abandoned(first, Area(10)) } }, idempotencyKey: "r-1");
        Assert.Equal(firstResult, await retried.ReadAsync<CommandResult>());
        await (await centre.PostResultsAsync(id, Abandoned(first, Area(10)))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        Assert.Single((await centre.GetAsync<Page<ResourceView<Freeze>>>($"{Freezes}?holder={county}")).Items);
        Assert.Equal(reachedBefore + 2, await api.EventCountAsync("abandonment_threshold_reached"));
    }

    /// <summary>
    /// Two campaigns reach R5 in one county: the first suspends its storage, the second finds it suspended. Whichever is
    /// re-checked first lifts its own freeze and leaves the county suspended, held by the other; the other's re-check resumes.
    /// </summary>
    [Theory]
    [InlineData("150902", false)]  // 集宁区, the only county of 乌兰察布市 with quota in this test: A re-checked first
    [InlineData("152201", true)]   // 乌兰浩特市, the only county of 兴安盟 with quota in this test: B re-checked first
    public async Task With_two_campaigns_in_a_region_storage_resumes_only_on_the_recheck_of_the_last_one_unrectified(string county, bool bFirst)
    {
        var prefecture = RegionCatalog.InnerMongolia.PrefectureOf(county)!;
        var (inA, _) = await api.StoredProjectAsync(county, Area(50));
        var (inB, _) = await api.StoredProjectAsync(county, Area(50));
        var centre = api.Centre();
        var a = await centre.CreateCampaignAsync(CampaignType.SpecialSweep, [inA], "sweep A");
        var b = await centre.CreateCampaignAsync(CampaignType.SpecialSweep, [inB], "sweep B");
        await centre.RecordResultsAsync(a, Abandoned(inA, Area(10)));
        await centre.RecordResultsAsync(b, Abandoned(inB, Area(10)));
        Assert.True((await centre.CampaignAsync(a)).Resource.DecisionFor(county)!.SuspendedStorage);
        Assert.False((await centre.CampaignAsync(b)).Resource.DecisionFor(county)!.SuspendedStorage);

        var (first, second) = bFirst ? (b, a) : (a, b);
        // The prefecture's two decisions rectified as well, so that only the county's suspension stands in the way.
        await RecheckAsync(first, prefecture);
        Assert.True((await centre.GetAsync<ResourceView<StorageSuspension>>(Suspension(prefecture))).Resource.Suspended);
        await RecheckAsync(second, prefecture);
        Assert.False((await centre.GetAsync<ResourceView<StorageSuspension>>(Suspension(prefecture))).Resource.Suspended);

        await RecheckAsync(first, county);
        var rectified = (await centre.CampaignAsync(first)).Resource.DecisionFor(county)!;
        var firstFreeze = await centre.GetAsync<ResourceView<Freeze>>($"{Freezes}/{Assert.Single(rectified.Freezes).FreezeId}");
        Assert.Equal(FreezeStatus.Lifted, firstFreeze.Resource.Status);
        Assert.Equal([second], rectified.StorageHeldBy);
        var stillSuspended = (await centre.GetAsync<ResourceView<StorageSuspension>>(Suspension(county))).Resource;
        Assert.True(stillSuspended.Suspended);
        Assert.Equal(Citation.Of<InspectionCampaign>(a), stillSuspended.Cites);
        var countyClient = api.County(county);
        var next = await countyClient.RegisterProjectAsync(county, QuotaKind.Replenishment, Area(8));
        var accepted = api.Clock.Today.AddDays(-5);
        await (await countyClient.PostJsonAsync(StorageApplications, StorageBody(next, Area(8), 5, accepted, accepted)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "storage-suspended");

        var recheck = await RecheckAsync(second, county);
        var secondFreeze = (await centre.CampaignAsync(second)).Resource.DecisionFor(county)!.Freezes.Single().FreezeId;
        Assert.Equal(FreezeStatus.Lifted, (await centre.GetAsync<ResourceView<Freeze>>($"{Freezes}/{secondFreeze}")).Resource.Status);
        var resumed = await centre.HistoryDataAsync(Suspension(county), 1);
        Assert.Equal(("rectification_recheck", recheck.ToString()),
            (resumed.GetProperty("cites").GetProperty("streamType").GetString(), resumed.GetProperty("cites").GetProperty("id").GetString()));
        Assert.Null((await centre.CampaignAsync(second)).Resource.DecisionFor(county)!.StorageHeldBy);
        await countyClient.SubmitStorageAsync(api, next, QuotaKind.Replenishment, Area(8));
        Assert.Empty(await api.VerifyAsync());
    }

    [Fact]
    public async Task Patrol_steps_overdue_or_done_late_are_listed_per_level_as_the_days_pass()
    {
        var (chifengA, _) = await api.StoredProjectAsync("150402", Area(10));
        var (chifengB, _) = await api.StoredProjectAsync("150403", Area(10));
        var (tongliao, _) = await api.StoredProjectAsync("150502", Area(10));
        var centre = api.Centre();
        var issued = api.Clock.Today;
        var id = await centre.CreateCampaignAsync(CampaignType.MonthlySatellitePatrol, [chifengA, chifengB, tongliao], "patrol of March");
        var patrol = (await centre.CampaignAsync(id)).Resource.Patrol!;
        Assert.Equal((issued, 5, 5), (patrol.IssuedOn, patrol.ForwardDays, patrol.ReportDays));

        await (await api.County("150402").PostJsonAsync($"{Campaign(id)}/patrol/reports", new { Summary = "nothing yet" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        api.Clock.Advance(TimeSpan.FromDays(3));
        await (await api.Prefecture("150400").PostJsonAsync($"{Campaign(id)}/patrol/forwarding", null)).ReadAsync<CommandResult>();
        Assert.Empty((await OverdueAsync(centre, id)).Items);

        api.Clock.Advance(TimeSpan.FromDays(3));  // day 6: 通辽市 has not forwarded within 5 days
        await (await api.County("150402").PostJsonAsync($"{Campaign(id)}/patrol/reports", new { Summary = "field checked: farmed" }))
            .ReadAsync<CommandResult>();
        var day6 = await OverdueAsync(centre, id);
        var late = Assert.Single(day6.Items);
        Assert.Equal((RegionLevel.Prefecture, "150500", issued.AddDays(5), (DateOnly?)null, true), (late.Level, late.RegionCode, late.DueOn, late.DoneOn, late.Overdue));

        api.Clock.Advance(TimeSpan.FromDays(5));  // day 11: 150403's result was due on day 8
        await (await api.Prefecture("150500").PostJsonAsync($"{Campaign(id)}/patrol/forwarding", null)).ReadAsync<CommandResult>();
        var day11 = await OverdueAsync(centre, id);
        Assert.Equal([("150403", true, false), ("150500", false, true)],
            day11.Items.Select(s => (s.RegionCode, s.Overdue, s.DoneLate)).Order());
        Assert.Equal(["150403"], (await OverdueAsync(api.Prefecture("150400"), id)).Items.Select(s => s.RegionCode));
        Assert.Empty((await OverdueAsync(api.County("150502"), null)).Items);
        await (await api.Prefecture("150500").PostJsonAsync($"{Campaign(id)}/patrol/forwarding", null))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await api.Prefecture("150600").PostJsonAsync($"{Campaign(id)}/patrol/forwarding", null))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        // The patrol's events, as every campaign's, re-serialise to the bytes their MACs cover.
        Assert.Empty(await api.VerifyAsync());
    }

    private static async Task<OverduePatrolSteps> OverdueAsync(HttpClient client, Guid? campaign) =>
        await client.GetAsync<OverduePatrolSteps>($"{Campaigns}/overdue" + (campaign is { } id ? $"?campaignId={id}" : ""));

    private async Task<Guid> RecheckAsync(Guid campaign, string region) =>
        (await (await api.Centre().PostJsonAsync($"{Campaign(campaign)}/rechecks",
                new { RegionCode = region, CheckedOn = api.Clock.Today, Findings = "re-check: the land is farmed again" }))
            .ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
}
