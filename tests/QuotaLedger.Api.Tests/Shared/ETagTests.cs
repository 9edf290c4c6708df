using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;
using QuotaLedger.Domain.Storage.Suspensions;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>GET gives the resource's version as its ETag; a decision sent with a stale If-Match is a 412 and writes nothing.</summary>
public sealed class ETagTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.LinkageSurplus;

    private async Task<Guid> PendingApplicationAsync(string county)
    {
        var client = api.County(county);
        var project = await client.RegisterProjectAsync(county, Kind, Area(10));
        return await client.SubmitStorageAsync(api, project, Kind, Area(10));
    }

    [Fact]
    public async Task Get_returns_the_version_as_etag_and_a_decision_on_it_moves_it_on()
    {
        var application = await PendingApplicationAsync("150102");
        var centre = api.Centre();
        var get = await centre.GetAsync($"{StorageApplications}/{application}");
        Assert.Equal("\"1\"", get.ETag());
        Assert.Equal(1, (await get.ReadAsync<ResourceView<StorageApplication>>()).Version);

        var approve = await centre.PostJsonAsync($"{StorageApplications}/{application}/approve", new { Reason = "ok" }, ifMatch: get.ETag());
        Assert.Equal(2, (await approve.ReadAsync<CommandResult>()).Version);
        Assert.Equal("\"2\"", approve.ETag());
        Assert.Equal("\"2\"", (await centre.GetAsync($"{StorageApplications}/{application}")).ETag());
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("W/\"7\"")]
    [InlineData("\"0\"")] // the version of a resource with no events yet
    public async Task Approving_with_a_stale_etag_is_a_412_and_writes_nothing(string ifMatch)
    {
        var application = await PendingApplicationAsync("150103");
        var events = await api.EventCountAsync();

        var response = await api.Centre().PostJsonAsync($"{StorageApplications}/{application}/approve", new { Reason = "ok" }, ifMatch: ifMatch);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal(events, await api.EventCountAsync());
        Assert.Equal(ApplicationStatus.Pending,
            (await api.Centre().GetAsync<ResourceView<StorageApplication>>($"{StorageApplications}/{application}")).Resource.Status);
    }

    [Fact]
    public async Task A_transfer_withdrawn_after_the_centre_read_it_is_not_approved_on_the_old_version()
    {
        const string county = "150104";
        await api.IssueLotAsync(county, Kind, Area(10));
        var transfer = await api.County(county).ProposeTransferAsync(county, "150105", Kind, Area(4));
        var seen = (await api.Centre().GetAsync($"{Transfers}/{transfer}")).ETag();
        await (await api.County(county).PostJsonAsync($"{Transfers}/{transfer}/withdraw", new { Reason = "not needed" })).ReadAsync<CommandResult>();

        var response = await api.Centre().PostJsonAsync($"{Transfers}/{transfer}/approve", new { Reason = "ok" }, ifMatch: seen);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal(Area(10), (await api.Centre().BalanceAsync(county, Kind)).Available);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    public async Task An_if_match_that_is_no_version_is_a_400(string ifMatch)
    {
        var application = await PendingApplicationAsync("150105");
        var events = await api.EventCountAsync();
        var response = await api.Centre().PostJsonAsync($"{StorageApplications}/{application}/approve", new { Reason = "ok" }, ifMatch: ifMatch);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad-request");
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task An_if_match_of_any_version_lets_the_decision_through()
    {
        var application = await PendingApplicationAsync("150105");
        var response = await api.Centre().PostJsonAsync($"{StorageApplications}/{application}/approve", new { Reason = "ok" }, ifMatch: "*");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(ApplicationStatus.Approved,
            (await api.Centre().GetAsync<ResourceView<StorageApplication>>($"{StorageApplications}/{application}")).Resource.Status);
    }

    private static string Suspension(string region) => $"/api/v1/regions/{region}/storage-suspension";

    [Fact]
    public async Task Suspending_and_resuming_on_the_etag_seen_answer_the_new_etag()
    {
        const string region = "150202";
        var centre = api.Centre();
        var never = await centre.GetAsync(Suspension(region));
        Assert.Equal("\"0\"", never.ETag());

        var suspended = await centre.PostJsonAsync(Suspension(region), new { Reason = "R5: abandonment over 10%" }, ifMatch: never.ETag());
        Assert.Equal(1, (await suspended.ReadAsync<CommandResult>()).Version);
        Assert.Equal("\"1\"", suspended.ETag());

        var resumed = await centre.PostJsonAsync($"{Suspension(region)}/resume", new { Reason = "rectified" }, ifMatch: suspended.ETag());
        Assert.Equal(2, (await resumed.ReadAsync<CommandResult>()).Version);
        Assert.Equal("\"2\"", resumed.ETag());
        Assert.Equal("\"2\"", (await centre.GetAsync(Suspension(region))).ETag());
    }

    [Theory]
    [InlineData("150203", false, "\"3\"")] // never suspended: at version 0
    [InlineData("150204", true, "\"0\"")]  // suspended by another user since it was read
    public async Task A_suspension_decision_on_a_stale_etag_is_a_412_and_writes_nothing(string region, bool suspendedSince, string seen)
    {
        if (suspendedSince)
            await (await api.Centre("another-reviewer").PostJsonAsync(Suspension(region), new { Reason = "R5: abandonment over 10%" }))
                .ReadAsync<CommandResult>();
        var events = await api.EventCountAsync();

        var response = await api.Centre().PostJsonAsync(suspendedSince ? $"{Suspension(region)}/resume" : Suspension(region),
            new { Reason = "decided on what was seen" }, ifMatch: seen);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal(events, await api.EventCountAsync());
        Assert.Equal(suspendedSince,
            (await api.Centre().GetAsync<ResourceView<StorageSuspension>>(Suspension(region))).Resource.Suspended);
    }
}
