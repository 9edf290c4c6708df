using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Oversight.Progress;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Store;
using static QuotaLedger.Api.Tests.Oversight.PlanProgressSteps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// R10's targets through the API: the annexes load and add up; the centre adds and amends targets by events, and
/// reports as of a moment before an amendment keep the earlier target; who may see and change what; what is refused.
/// The tests share this class's database and each changes targets no other test reads.
/// </summary>
public sealed class PlanTargetsTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task The_annexes_targets_load_and_add_up_to_the_plans_totals()
    {
        // As of the fixture's first moment: the other tests of this class amend targets later.
        var targets = await api.County("150102").TargetsAsync(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        decimal Sum(QuotaKind kind, string period) => targets.Targets.Where(t => t.Kind == kind && t.Period == period).Sum(t => t.Amount ?? 0);

        Assert.Equal(1_000_000m, Sum(QuotaKind.Replenishment, "2021-2025"));
        Assert.Equal(250_000m, Sum(QuotaKind.Replenishment, "2022"));
        Assert.Equal(50_000m, Sum(QuotaKind.LinkageSurplus, "2021-2025"));
        Assert.Equal(12_900m, Sum(QuotaKind.LinkageSurplus, "2022"));
        var hohhot = targets.Targets.Single(t => t is { Kind: QuotaKind.Replenishment, Prefecture: "150100", Period: "2021-2025" });
        var named = (await api.County("150102").GetJsonAsync(TargetsPath)).GetProperty("targets").EnumerateArray()
            .First(t => t.GetProperty("prefecture").GetString() == "150100");
        Assert.Equal("呼和浩特市", named.GetProperty("prefectureName").GetString());
        Assert.Equal("mu", hohhot.Unit);
        Assert.Contains("附件2", hohhot.Amounts[0].Reason);
    }

    [Fact]
    public async Task An_amendment_is_an_event_and_reports_as_of_a_moment_before_it_keep_the_earlier_target()
    {
        var centre = api.Centre();
        var before = api.Clock.Now;
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var amended = await centre.AmendTargetAsync(QuotaKind.LinkageSurplus, "152200", "2022", 1_800m, api.Clock.Today, "兴安盟 found more reclamation potential");

        var now = await centre.TargetsAsync();
        var target = now.Targets.Single(t => t is { Kind: QuotaKind.LinkageSurplus, Prefecture: "152200", Period: "2022" });
        Assert.Equal(1_800m, target.Amount);
        Assert.Equal([1_500m, 1_800m], target.Amounts.Select(a => a.Amount));
        Assert.Contains(now.History, e => e.Type == "plan_target_amended" && e.Reason == "兴安盟 found more reclamation potential");
        Assert.Equal(amended.Version, now.Version);
        Assert.Equal(1_500m, (await centre.TargetsAsync(before)).Targets
            .Single(t => t is { Kind: QuotaKind.LinkageSurplus, Prefecture: "152200", Period: "2022" }).Amount);

        Assert.Equal(1_800m, (await centre.ProgressAsync("2022", "152200", QuotaKind.LinkageSurplus)).Prefectures[0].Target);
        Assert.Equal(1_500m, (await centre.ProgressAsync("2022", "152200", QuotaKind.LinkageSurplus, before)).Prefectures[0].Target);

        // From a later day: recorded now, in force from that day.
        await centre.AmendTargetAsync(QuotaKind.LinkageSurplus, "152200", "2022", 2_000m, api.Clock.Today.AddDays(3));
        Assert.Equal(1_800m, (await centre.ProgressAsync("2022", "152200", QuotaKind.LinkageSurplus)).Prefectures[0].Target);
        Assert.Equal(2_000m, (await centre.ProgressAsync("2022", "152200", QuotaKind.LinkageSurplus, api.Clock.Now.AddDays(3))).Prefectures[0].Target);
    }

    [Fact]
    public async Task The_centre_adds_a_target_for_a_later_period_once()
    {
        var centre = api.Centre();
        await centre.AddTargetAsync(QuotaKind.Replenishment, "150800", "2026-2030", 300_000.5m, api.Clock.Today, "15th Five-Year Plan");

        var target = (await centre.TargetsAsync()).Targets.Single(t => t is { Prefecture: "150800", Period: "2026-2030" });
        Assert.Equal(300_000.5m, target.Amount);
        Assert.Equal(300_000.5m, (await centre.ProgressAsync("2026-2030", "150800", QuotaKind.Replenishment)).Prefectures[0].Target);

        var events = await api.EventCountAsync();
        await (await centre.PostJsonAsync(TargetsPath, TargetBody(QuotaKind.Replenishment, "150800", "2026-2030", 1m, api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "plan-target-exists");
        await (await centre.PostJsonAsync($"{TargetsPath}/amendments", TargetBody(QuotaKind.Replenishment, "150200", "2022", 1m, api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "plan-target-missing");
        await (await centre.PostJsonAsync(TargetsPath, TargetBody(QuotaKind.Replenishment, "150800", "2031", 1m, api.Clock.Today.AddDays(-1))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "retroactive-policy");
        await (await centre.PostJsonAsync(TargetsPath, TargetBody(QuotaKind.Replenishment, "150800", "2031", 1m, api.Clock.Today), ifMatch: "\"0\""))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task A_target_sent_twice_under_one_idempotency_key_is_added_once()
    {
        var centre = api.Centre();
        var body = TargetBody(QuotaKind.LinkageSurplus, "150700", "2026", 1_600m, api.Clock.Today, "呼伦贝尔市 2026");
        var first = await (await centre.PostJsonAsync(TargetsPath, body, idempotencyKey: "hulunbuir-2026")).ReadAsync<CommandResult>();
        var again = await (await centre.PostJsonAsync(TargetsPath, body, idempotencyKey: "hulunbuir-2026")).ReadAsync<CommandResult>();

        Assert.Equal(first, again);
        Assert.Single((await centre.TargetsAsync()).History, e => e.Type == "plan_target_added" && e.Reason == "呼伦贝尔市 2026");
    }

    [Fact]
    public async Task Bad_targets_are_refused_naming_each_field()
    {
        var centre = api.Centre();
        var events = await api.EventCountAsync();
        await (await centre.PostJsonAsync(TargetsPath, TargetBody(QuotaKind.Replenishment, "150102", "2026-2026", 1.00001m, api.Clock.Today, " ", unit: "hectare")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "prefecture", "period", "unit", "amount", "reason");
        await (await centre.PostJsonAsync(TargetsPath, TargetBody(QuotaKind.LinkageSurplus, "150100", "2026", 0m, api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "amount");
        await (await centre.PostJsonAsync($"{TargetsPath}/amendments", TargetBody(QuotaKind.LinkageSurplus, "150100", "2021–2025", -1m, api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "period", "amount");
        Assert.Equal(events, await api.EventCountAsync());

        await (await centre.GetAsync(Progress)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "period");
        await (await centre.GetAsync($"{Progress}?period=22&kind=grain&prefecture=150102"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "period", "kind", "prefecture");
        await (await centre.GetAsync($"{Overview("150102")}?period=2022")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "prefecture");
        await (await centre.GetAsync(Overview("150100"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "period");
    }

    [Fact]
    public async Task Only_the_centre_changes_targets_and_each_sees_the_progress_of_its_own_prefecture()
    {
        var events = await api.EventCountAsync();
        foreach (var other in new[] { api.Prefecture("150100"), api.County("150102"), api.As("buyer", Guid.NewGuid().ToString()) })
        {
            await (await other.PostJsonAsync(TargetsPath, TargetBody(QuotaKind.Replenishment, "150100", "2027", 1m, api.Clock.Today)))
                .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await other.PostJsonAsync($"{TargetsPath}/amendments", TargetBody(QuotaKind.Replenishment, "150100", "2022", 1m, api.Clock.Today)))
                .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }
        Assert.Equal(events, await api.EventCountAsync());

        // A prefecture sees its own; a county its prefecture's; neither another's, nor a buyer any.
        Assert.Equal("150100", (await api.Prefecture("150100").ProgressAsync("2022")).Scope);
        Assert.Equal("150100", Assert.Single((await api.County("150102").ProgressAsync("2022", kind: QuotaKind.Replenishment)).Prefectures).Prefecture);
        Assert.Equal(12, (await api.Centre().ProgressAsync("2022", kind: QuotaKind.LinkageSurplus)).Prefectures.Count);
        await (await api.Prefecture("150100").GetAsync(ProgressUrl("2022", "150200"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.County("150102").GetAsync(ProgressUrl("2022", "150200"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.As("buyer", Guid.NewGuid().ToString()).GetAsync(ProgressUrl("2022"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // The overview beside the counties is the prefecture's and the centre's, not a county's.
        await (await api.County("150102").GetAsync($"{Overview("150100")}?period=2022")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Prefecture("150200").GetAsync($"{Overview("150100")}?period=2022")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await api.Centre().GetAsync<PrefectureOverview>($"{Overview("150100")}?period=2022");
    }

    [Fact]
    public async Task A_prefecture_sees_its_counties_together_beside_its_own_holding()
    {
        // 鄂尔多斯市: nothing else in this class issues there.
        const string ordos = "150600";
        var counties = CountiesOf(ordos);
        var in2022 = new DateOnly(2022, 6, 1);
        await api.IssueAcceptedOnAsync(counties[0], QuotaKind.Replenishment, AmountOf(QuotaKind.Replenishment, 9_000m), in2022);
        await api.IssueAcceptedOnAsync(counties[1], QuotaKind.Replenishment, AmountOf(QuotaKind.Replenishment, 6_000m), in2022);
        await api.IssueAcceptedOnAsync(counties[1], QuotaKind.LinkageSurplus, AmountOf(QuotaKind.LinkageSurplus, 400m), in2022);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var transfer = await api.County(counties[0]).ProposeTransferAsync(counties[0], ordos, QuotaKind.Replenishment,
            AmountOf(QuotaKind.Replenishment, 2_000m));
        await api.Centre().ApproveTransferAsync(transfer);

        var overview = await api.Prefecture(ordos).GetAsync<PrefectureOverview>($"{Overview(ordos)}?period=2022");
        Assert.Equal(api.Clock.Now, overview.AsOf);
        Assert.Equal(AmountOf(QuotaKind.Replenishment, 2_000m), overview.Own.Kinds.Single(k => k.Kind == QuotaKind.Replenishment).Buckets.Available);
        Assert.Equal(await api.Prefecture(ordos).BalanceAsync(ordos, QuotaKind.Replenishment),
            overview.Own.Kinds.Single(k => k.Kind == QuotaKind.Replenishment).Buckets);
        var together = overview.Counties.Single(k => k.Kind == QuotaKind.Replenishment).Buckets;
        Assert.Equal(AmountOf(QuotaKind.Replenishment, 13_000m), together.Available);
        Assert.Equal(AmountOf(QuotaKind.Replenishment, 15_000m), together.Issued);
        Assert.Equal(AmountOf(QuotaKind.Replenishment, 2_000m), together.TransferredOut);
        Assert.Equal(counties, overview.CountyBalances.Select(b => b.Holder));
        Assert.Equal(new HeldLots(QuotaKind.Replenishment, 1, 2), overview.Lots.Single(l => l.Kind == QuotaKind.Replenishment));
        Assert.Equal(new HeldLots(QuotaKind.LinkageSurplus, 0, 1), overview.Lots.Single(l => l.Kind == QuotaKind.LinkageSurplus));
        // Progress counts where quota was created: the transfer to the prefecture changes nothing.
        Assert.Equal(100m, overview.Progress.Row(ordos, QuotaKind.Replenishment).Percent);
        Assert.Equal(40m, overview.Progress.Row(ordos, QuotaKind.LinkageSurplus).Percent);
        Assert.Equal(ordos, overview.Progress.Scope);
    }

    [Fact]
    public async Task A_lot_issued_before_plan_years_were_recorded_counts_in_the_year_of_its_approval()
    {
        // 阿拉善盟: nothing else in this class issues there. The lot is written as the ledger wrote it before issued lots
        // carried their plan year: a LotIssued whose provenance has none, approved in 2021.
        const string alxaLeft = "152921";
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.SetHeader(EventMetadata.OrganisationHeader, "150000");
            var lotId = Guid.CreateVersion7();
            var action = session.Events.StartStream<Lot>(lotId, new LotIssued(lotId, alxaLeft, QuotaKind.LinkageSurplus, new Measures(77m, 0, 0),
                new Provenance(Guid.CreateVersion7(), "an older project", Guid.CreateVersion7(), alxaLeft, null, null)));
            foreach (var e in action.Events) e.Timestamp = new DateTimeOffset(2021, 11, 3, 2, 0, 0, TimeSpan.Zero);
            await session.SaveChangesAsync();
        }

        var centre = api.Centre();
        Assert.Equal(new Measures(77m, 0, 0), (await centre.ProgressAsync("2021", "152900", QuotaKind.LinkageSurplus)).Prefectures[0].Issued);
        Assert.Equal(new Measures(77m, 0, 0), (await centre.ProgressAsync("2021-2025", "152900", QuotaKind.LinkageSurplus)).Prefectures[0].Issued);
        Assert.Equal(Measures.Zero, (await centre.ProgressAsync("2022", "152900", QuotaKind.LinkageSurplus)).Prefectures[0].Issued);
    }
}
