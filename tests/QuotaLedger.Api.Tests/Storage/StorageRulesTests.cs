using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Storage;

/// <summary>Business rules on storage and consumption answer 409/422 naming the rule, and write nothing.</summary>
public sealed class StorageRulesTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private async Task RefusedAsync(Func<Task<HttpResponseMessage>> act, HttpStatusCode status, string code)
    {
        var events = await api.EventCountAsync();
        await (await act()).ShouldBeProblemAsync(status, code);
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task A_suspended_county_cannot_file_storage_until_the_centre_resumes_it()
    {
        const string county = "150421";
        var client = api.County(county);
        var project = await client.RegisterProjectAsync(county, QuotaKind.Replenishment, Replenishment(10, 0, 0));
        await (await api.Centre().PostJsonAsync($"/api/v1/regions/{county}/storage-suspension", new { Reason = "R5: 11% abandoned" }))
            .ReadAsync<QuotaLedger.Application.Shared.CommandResult>();

        var accepted = api.Clock.Today.AddDays(-5);
        await RefusedAsync(() => client.PostJsonAsync(StorageApplications, StorageBody(project, Replenishment(10, 0, 0), 4, accepted, accepted)),
            HttpStatusCode.UnprocessableEntity, "storage-suspended");

        await (await api.Centre().PostJsonAsync($"/api/v1/regions/{county}/storage-suspension/resume", new { Reason = "rectified" }))
            .ReadAsync<QuotaLedger.Application.Shared.CommandResult>();
        await client.SubmitStorageAsync(api, project, QuotaKind.Replenishment, Replenishment(10, 0, 0));
    }

    [Fact]
    public async Task A_project_is_stored_once()
    {
        const string county = "150422";
        var client = api.County(county);
        var project = await client.RegisterProjectAsync(county, QuotaKind.LinkageSurplus, Area(10));
        await client.SubmitStorageAsync(api, project, QuotaKind.LinkageSurplus, Area(10));
        var accepted = api.Clock.Today.AddDays(-5);
        await RefusedAsync(() => client.PostJsonAsync(StorageApplications, StorageBody(project, Area(10), null, accepted, accepted)),
            HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task Replenishment_acceptance_needs_a_quality_grade()
    {
        const string county = "150423";
        var client = api.County(county);
        var project = await client.RegisterProjectAsync(county, QuotaKind.Replenishment, Replenishment(10, 0, 0));
        var accepted = api.Clock.Today.AddDays(-5);
        await RefusedAsync(() => client.PostJsonAsync(StorageApplications, StorageBody(project, Replenishment(10, 0, 0), null, accepted, accepted)),
            HttpStatusCode.UnprocessableEntity, "acceptance-required");
        await RefusedAsync(() => client.PostJsonAsync(StorageApplications, StorageBody(project, Replenishment(10, 0, 0), 16, accepted, accepted)),
            HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_link_must_cover_the_occupied_land_in_every_measure()
    {
        const string county = "150424";
        await api.IssueLotAsync(county, QuotaKind.Replenishment, Replenishment(50, 20_000, 10));
        var client = api.County(county);
        await RefusedAsync(() => client.PostJsonAsync(Links,
                LinkBody(county, QuotaKind.Replenishment, "approval 9", Replenishment(10, 5_000, 2), Replenishment(10, 4_999.99m, 2))),
            HttpStatusCode.UnprocessableEntity, "consumption-not-covered");
        Assert.Equal(Replenishment(50, 20_000, 10), (await client.BalanceAsync(county, QuotaKind.Replenishment)).Available);
    }
}
