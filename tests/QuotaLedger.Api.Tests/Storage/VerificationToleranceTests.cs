using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Storage.StorageApplications;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Storage;

/// <summary>
/// The verification tolerance is data the centre sets, from a date on; every user reads it. These tests change the
/// ledger-wide policy, so they run on a database of their own (this class's fixture); the refusals write nothing, so
/// neither test depends on the other's order.
/// </summary>
public sealed class VerificationToleranceTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Policy = "/api/v1/storage-policy";
    private const string Tolerance = "/api/v1/storage-policy/verification-tolerance";
    private const QuotaKind Kind = QuotaKind.LinkageSurplus;

    private Task<HttpResponseMessage> FileAsync(string county, Guid project, Measures verified)
    {
        var accepted = api.Clock.Today.AddDays(-5);
        return api.County(county).PostJsonAsync(StorageApplications, StorageBody(project, verified, null, accepted, accepted.AddDays(-1)));
    }

    private object Setting(decimal percent, DateOnly from, string? reason = "survey margins reviewed") =>
        new { Percent = percent, EffectiveFrom = from, Reason = reason };

    [Fact]
    public async Task The_centre_sets_the_tolerance_from_a_date_and_applications_are_held_to_the_one_in_force()
    {
        const string county = "150102";
        var client = api.County(county);
        var never = await client.GetAsync(Policy);
        Assert.Equal("\"0\"", never.ETag());
        var initial = await never.ReadAsync<StoragePolicyView>();
        Assert.Equal((10m, 10m, 0L), (initial.VerificationTolerancePercent, initial.DefaultVerificationTolerancePercent, initial.Version));
        Assert.Empty(initial.VerificationTolerances);

        var today = api.Clock.Today;
        var set = await api.Centre().PostJsonAsync(Tolerance, Setting(0, today, "no margin while the audit runs"), ifMatch: "\"0\"");
        Assert.Equal(1, (await set.ReadAsync<CommandResult>()).Version);
        await (await api.Centre().PostJsonAsync(Tolerance, Setting(20, today.AddDays(1)), ifMatch: "\"1\"")).ReadAsync<CommandResult>();

        var policy = await client.GetAsync<StoragePolicyView>(Policy);
        Assert.Equal(0m, policy.VerificationTolerancePercent);
        Assert.Equal([new(0, today), new(20, today.AddDays(1))], policy.VerificationTolerances);
        Assert.Contains(policy.History, e => e.Type == "verification_tolerance_set" && e.Reason == "no margin while the audit runs");

        var onPlan = await client.RegisterProjectAsync(county, Kind, Area(10));
        var above = await client.RegisterProjectAsync(county, Kind, Area(10));
        await (await FileAsync(county, above, Area(10.0001m))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "verified-exceeds-planned");
        await (await FileAsync(county, onPlan, Area(10))).ReadAsync<CommandResult>(HttpStatusCode.Created);

        api.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(20m, (await client.GetAsync<StoragePolicyView>(Policy)).VerificationTolerancePercent);
        await (await FileAsync(county, above, Area(12))).ReadAsync<CommandResult>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_tolerance_from_a_past_day_a_county_setting_one_a_stale_version_and_bad_values_are_refused()
    {
        var today = api.Clock.Today;
        var events = await api.EventCountAsync();

        await (await api.Centre().PostJsonAsync(Tolerance, Setting(5, today.AddDays(-1))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "retroactive-policy");
        var forbidden = await api.County("150103").PostJsonAsync(Tolerance, Setting(50, today), ifMatch: "\"9\"");
        Assert.DoesNotContain("version", (await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden"))
            .GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await (await api.Centre().PostJsonAsync(Tolerance, Setting(5, today), ifMatch: "\"9\""))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        await (await api.Centre().PostJsonAsync(Tolerance, Setting(-1, today)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "percent");
        await (await api.Centre().PostJsonAsync(Tolerance, Setting(100.5m, today)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "percent");
        await (await api.Centre().PostJsonAsync(Tolerance, Setting(10.125m, today)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "percent");
        // A reason is required: null is not one (the request type has no null for it).
        await (await api.Centre().PostJsonAsync(Tolerance, Setting(10, today, reason: null)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "reason");

        Assert.Equal(events, await api.EventCountAsync());
    }
}
