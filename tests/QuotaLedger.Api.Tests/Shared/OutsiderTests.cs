using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// A user with no right to a resource is refused by the access policy before anything else (If-Match included), and
/// the refusal tells it nothing of the resource: no holder codes, no version.
/// </summary>
public sealed partial class OutsiderTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Xincheng = "150102";
    private const string Huimin = "150103";
    /// <summary>Its storage applications are suspended by the suspension cases, so that nothing else of it is needed.</summary>
    private const string Yuquan = "150104";
    private const QuotaKind Kind = QuotaKind.LinkageSurplus;

    /// <summary>A Baotou county and Baotou itself: neither may see nor act on anything of Hohhot's counties.</summary>
    private static readonly (string Role, string Organisation)[] OutsiderUsers = [("county", "150202"), ("prefecture", "150200")];

    public static TheoryData<string, string> Outsiders()
    {
        var data = new TheoryData<string, string>();
        foreach (var (role, organisation) in OutsiderUsers) data.Add(role, organisation);
        return data;
    }

    public static TheoryData<string, string, string, string, string> Decisions()
    {
        var data = new TheoryData<string, string, string, string, string>();
        string[][] decisions =
        [
            ["pending transfer", "approve"], ["pending transfer", "reject"], ["pending transfer", "withdraw"],
            ["held link", "write-off"], ["held link", "unlink"], ["written-off link", "reverse-write-off"],
            ["pending application", "approve"], ["pending application", "reject"], ["pending application", "withdraw"],
            ["approved application", "reverse-approval"],
            ["freeze", "lift"], ["deduction", "reverse"], ["suspension", "suspend"], ["suspension", "resume"],
        ];
        foreach (var decision in decisions)
        foreach (var (role, organisation) in OutsiderUsers)
        foreach (var ifMatch in new[] { "current", "\"9\"" })
            data.Add(decision[0], decision[1], role, organisation, ifMatch);
        return data;
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public async Task An_outsider_deciding_with_if_match_is_refused_for_access_and_learns_nothing(
        string resource, string action, string role, string organisation, string ifMatch)
    {
        var path = await CreateAsync(resource);
        var current = (await api.Centre().GetAsync(path)).ETag();
        var events = await api.EventCountAsync();

        // Suspending is a POST to the suspension itself; every other decision a POST to its action below the resource.
        var url = action == "suspend" ? path : $"{path}/{action}";
        var response = await api.As(role, organisation).PostJsonAsync(url, new { Reason = "not mine to decide" },
            ifMatch: ifMatch == "current" ? current : ifMatch);

        await ShouldRefuseWithoutTellingAsync(response, organisation);
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Theory]
    [InlineData("pending transfer")]
    [InlineData("held link")]
    [InlineData("pending application")]
    [InlineData("freeze")]
    [InlineData("deduction")]
    [InlineData("project")]
    public async Task An_outsider_reading_a_resource_is_refused_and_learns_nothing(string resource)
    {
        var path = await CreateAsync(resource);
        foreach (var (role, organisation) in OutsiderUsers)
            await ShouldRefuseWithoutTellingAsync(await api.As(role, organisation).GetAsync(path), organisation);
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task An_outsider_filing_storage_for_a_project_it_may_not_see_learns_nothing(string role, string organisation)
    {
        var project = await api.County(Xincheng).RegisterProjectAsync(Xincheng, Kind, Area(10));
        var accepted = api.Clock.Today.AddDays(-10);
        var response = await api.As(role, organisation).PostJsonAsync(StorageApplications,
            StorageBody(project, Area(10), null, accepted, accepted.AddDays(-1)));
        await ShouldRefuseWithoutTellingAsync(response, organisation);
    }

    [Fact]
    public async Task The_holder_itself_still_decides_with_the_current_version_and_hears_412_on_an_old_one()
    {
        var path = await CreateAsync("held link");
        var current = (await api.County(Xincheng).GetAsync(path)).ETag();

        var stale = await api.County(Xincheng).PostJsonAsync($"{path}/unlink", new { Reason = "approval refused" }, ifMatch: "\"9\"");
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        var unlinked = await api.County(Xincheng).PostJsonAsync($"{path}/unlink", new { Reason = "approval refused" }, ifMatch: current);
        Assert.Equal(HttpStatusCode.OK, unlinked.StatusCode);
    }

    /// <summary>
    /// A 403: its texts name no holder code but the user's own organisation, and no version; no ETag either.
    /// </summary>
    private static async Task ShouldRefuseWithoutTellingAsync(HttpResponseMessage response, string ownOrganisation)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Null(response.ETag());
        foreach (var member in new[] { "title", "detail" })
        {
            var text = problem.GetProperty(member).GetString() ?? "";
            Assert.All(HolderCode().Matches(text), code => Assert.Equal(ownOrganisation, code.Value));
            Assert.DoesNotContain("version", text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.False(problem.TryGetProperty("errors", out _), JsonSerializer.Serialize(problem));
    }

    /// <summary>A resource of a Hohhot county (150102; 150104 for the suspension) in the state the decision needs; answers its path.</summary>
    private async Task<string> CreateAsync(string resource)
    {
        var county = api.County(Xincheng);
        var centre = api.Centre();
        switch (resource)
        {
            case "pending transfer":
                await api.IssueLotAsync(Xincheng, Kind, Area(5));
                return $"{Transfers}/{await county.ProposeTransferAsync(Xincheng, Huimin, Kind, Area(5))}";
            case "held link":
            case "written-off link":
                await api.IssueLotAsync(Xincheng, Kind, Area(5));
                var link = await county.LinkAsync(Xincheng, Kind, $"HH-{Guid.NewGuid():N}", Area(5));
                if (resource == "written-off link") await county.WriteOffAsync(link);
                return $"{Links}/{link}";
            case "pending application":
            case "approved application":
                var project = await county.RegisterProjectAsync(Xincheng, Kind, Area(5));
                var application = await county.SubmitStorageAsync(api, project, Kind, Area(5));
                if (resource == "approved application") await centre.ApproveStorageAsync(application);
                return $"{StorageApplications}/{application}";
            case "freeze":
                var lot = await api.IssueLotAsync(Xincheng, Kind, Area(5));
                return $"{Freezes}/{await centre.FreezeAsync(Xincheng, Kind, lot, null)}";
            case "deduction":
                await api.IssueLotAsync(Xincheng, Kind, Area(5));
                return $"{Deductions}/{await centre.DeductAsync(Xincheng, Kind, Area(1), $"mine-{Guid.NewGuid():N}")}";
            case "suspension":
                var suspension = $"/api/v1/regions/{Yuquan}/storage-suspension";
                var state = await centre.GetJsonAsync(suspension);
                if (!state.GetProperty("resource").GetProperty("suspended").GetBoolean())
                    Assert.Equal(HttpStatusCode.OK, (await centre.PostJsonAsync(suspension, new { Reason = "R5: abandoned farmland over 10%" })).StatusCode);
                return suspension;
            case "project":
                return $"{Projects}/{await county.RegisterProjectAsync(Xincheng, Kind, Area(5))}";
            default:
                throw new ArgumentOutOfRangeException(nameof(resource), resource, null);
        }
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex HolderCode();
}
