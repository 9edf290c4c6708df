using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Storage.StorageApplications;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Storage;

/// <summary>
/// R4: verified measures above the planned ones by more than the tolerance (10% until the centre sets another) are
/// refused as <c>verified-exceeds-planned</c>, at filing and again at approval; the centre amends a plan with a reason.
/// </summary>
public sealed class ProjectPlanTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.LinkageSurplus;

    private async Task<HttpResponseMessage> NothingWrittenAsync(Func<Task<HttpResponseMessage>> act)
    {
        var events = await api.EventCountAsync();
        var response = await act();
        Assert.Equal(events, await api.EventCountAsync());
        return response;
    }

    private Task<HttpResponseMessage> FileAsync(string county, Guid project, Measures verified)
    {
        var accepted = api.Clock.Today.AddDays(-5);
        return api.County(county).PostJsonAsync(StorageApplications, StorageBody(project, verified, null, accepted, accepted.AddDays(-1)));
    }

    private static string AmendPlan(Guid project) => $"{Projects}/{project}/amend-plan";

    [Fact]
    public async Task The_newcomers_100000_mu_on_a_project_planned_at_10_mu_is_refused_and_nothing_is_written()
    {
        const string county = "150121";
        var project = await api.County(county).RegisterProjectAsync(county, Kind, Area(10));

        var refused = await NothingWrittenAsync(() => FileAsync(county, project, Area(100_000)));

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "verified-exceeds-planned");
        Assert.Contains("area 100000 mu against 10 mu planned", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ten_percent_above_the_plan_is_filed_and_a_ten_thousandth_of_a_mu_more_is_not()
    {
        const string county = "150122";
        var over = await api.County(county).RegisterProjectAsync(county, Kind, Area(10));
        var at = await api.County(county).RegisterProjectAsync(county, Kind, Area(10));

        await (await NothingWrittenAsync(() => FileAsync(county, over, Area(11.0001m))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "verified-exceeds-planned");
        await (await FileAsync(county, at, Area(11))).ReadAsync<CommandResult>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Each_replenishment_measure_is_held_against_its_own_plan()
    {
        const string county = "150123";
        var project = await api.County(county).RegisterProjectAsync(county, QuotaKind.Replenishment, Replenishment(100, 40000, 0));
        var accepted = api.Clock.Today.AddDays(-5);

        var paddyNeverPlanned = await NothingWrittenAsync(() => api.County(county).PostJsonAsync(StorageApplications,
            StorageBody(project, Replenishment(100, 40000, 1), 5, accepted, accepted)));

        var detail = (await paddyNeverPlanned.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "verified-exceeds-planned"))
            .GetProperty("detail").GetString();
        Assert.Contains("paddy area 1 mu against 0 mu planned", detail);
        Assert.DoesNotContain("grain capacity", detail);
    }

    [Fact]
    public async Task The_centre_amends_the_plan_with_a_reason_and_the_application_is_filed_against_the_new_plan()
    {
        const string county = "150124";
        var project = await api.County(county).RegisterProjectAsync(county, Kind, Area(10));
        var seen = (await api.Centre().GetAsync($"{Projects}/{project}")).ETag();

        var amended = await api.Centre().PostJsonAsync(AmendPlan(project),
            new { Planned = Area(100), Reason = "the survey measured 100 mu; 10 was a typing error" }, ifMatch: seen);

        Assert.Equal(2, (await amended.ReadAsync<CommandResult>()).Version);
        Assert.Equal("\"2\"", amended.ETag());
        var view = await api.County(county).GetAsync<ResourceView<Project>>($"{Projects}/{project}");
        Assert.Equal(Area(100), view.Resource.Planned);
        Assert.Contains(view.History!, e => e.Type == "project_plan_amended" && e.Reason == "the survey measured 100 mu; 10 was a typing error");
        await (await FileAsync(county, project, Area(105))).ReadAsync<CommandResult>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_application_filed_before_the_plan_was_amended_down_is_not_approved_above_the_new_plan()
    {
        const string county = "150125";
        var project = await api.County(county).RegisterProjectAsync(county, Kind, Area(10));
        var application = await api.County(county).SubmitStorageAsync(api, project, Kind, Area(10));
        await (await api.Centre().PostJsonAsync(AmendPlan(project), new { Planned = Area(5), Reason = "half the site was never reclaimed" }))
            .ReadAsync<CommandResult>();

        var approve = await NothingWrittenAsync(() =>
            api.Centre().PostJsonAsync($"{StorageApplications}/{application}/approve", new { Reason = "acceptance checked" }));

        await approve.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "verified-exceeds-planned");
        Assert.Equal(ApplicationStatus.Pending,
            (await api.Centre().GetAsync<ResourceView<StorageApplication>>($"{StorageApplications}/{application}")).Resource.Status);
    }

    [Fact]
    public async Task Only_the_centre_amends_a_plan_and_a_county_learns_no_version()
    {
        const string county = "150102";
        var project = await api.County(county).RegisterProjectAsync(county, Kind, Area(10));

        var response = await NothingWrittenAsync(() =>
            api.County(county).PostJsonAsync(AmendPlan(project), new { Planned = Area(20), Reason = "more" }, ifMatch: "\"7\""));

        var detail = (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden")).GetProperty("detail").GetString();
        Assert.DoesNotContain("version", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_amendment_on_a_stale_version_is_a_412()
    {
        const string county = "150103";
        var project = await api.County(county).RegisterProjectAsync(county, Kind, Area(10));
        await (await NothingWrittenAsync(() =>
                api.Centre().PostJsonAsync(AmendPlan(project), new { Planned = Area(20), Reason = "more" }, ifMatch: "\"2\"")))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task An_amendment_without_a_reason_or_with_measures_its_kind_lacks_is_refused()
    {
        const string county = "150104";
        var project = await api.County(county).RegisterProjectAsync(county, Kind, Area(10));

        await (await NothingWrittenAsync(() => api.Centre().PostJsonAsync(AmendPlan(project), new { Planned = Area(20), Reason = (string?)null })))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "reason");
        await (await NothingWrittenAsync(() => api.Centre().PostJsonAsync(AmendPlan(project), new { Planned = Area(20), Reason = "" })))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "reason");
        await (await NothingWrittenAsync(() => api.Centre().PostJsonAsync(AmendPlan(project), new { Planned = Area(0), Reason = "none" })))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "planned");
        await (await NothingWrittenAsync(() =>
                api.Centre().PostJsonAsync(AmendPlan(project), new { Planned = Replenishment(20, 5, 0), Reason = "grain on linkage" })))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-amount");
        await (await NothingWrittenAsync(() => api.Centre().PostJsonAsync(AmendPlan(project), new { Planned = Area(10), Reason = "same" })))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await NothingWrittenAsync(() => api.Centre().PostJsonAsync(AmendPlan(Guid.CreateVersion7()), new { Planned = Area(10), Reason = "none" })))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task An_amendment_sent_twice_under_one_idempotency_key_amends_once()
    {
        const string county = "150105";
        var project = await api.County(county).RegisterProjectAsync(county, Kind, Area(10));
        var body = new { Planned = Area(30), Reason = "re-surveyed" };

        var first = await (await api.Centre().PostJsonAsync(AmendPlan(project), body, idempotencyKey: "amend-150105")).ReadAsync<CommandResult>();
        var again = await (await api.Centre().PostJsonAsync(AmendPlan(project), body, idempotencyKey: "amend-150105")).ReadAsync<CommandResult>();

        Assert.Equal(first, again);
        Assert.Equal(2, (await api.Centre().GetAsync<ResourceView<Project>>($"{Projects}/{project}")).Version);
    }
}
