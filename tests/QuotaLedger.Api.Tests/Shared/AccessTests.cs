using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>Who may do what: no token is a 401; a token for the wrong organisation or an unknown role is a 403; nothing is written.</summary>
public sealed class AccessTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Xincheng = "150102";
    private const string Huimin = "150103";
    private const string Yuquan = "150104";

    private async Task<HttpResponseMessage> NothingWrittenAsync(Func<Task<HttpResponseMessage>> act)
    {
        var events = await api.EventCountAsync();
        var response = await act();
        Assert.Equal(events, await api.EventCountAsync());
        return response;
    }

    [Fact]
    public async Task Without_a_token_every_api_call_is_a_401()
    {
        var anonymous = api.Anonymous();
        var post = await NothingWrittenAsync(() => anonymous.PostJsonAsync(Projects, ProjectBody(Xincheng, QuotaKind.Replenishment, Area(1))));
        await post.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await anonymous.GetAsync(Projects)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await anonymous.GetAsync($"{Holder(Xincheng)}/balances")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("Centre")]
    [InlineData("CENTRE")]
    [InlineData(" centre")]
    [InlineData("0")]
    public async Task A_role_claim_in_any_but_its_documented_spelling_is_a_403(string role)
    {
        var response = await NothingWrittenAsync(() =>
            api.As(role, "150000").PostJsonAsync(Projects, ProjectBody(Xincheng, QuotaKind.Replenishment, Area(1))));
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_a_401()
    {
        var forged = api.WithToken(LedgerApi.Token("centre", "150000", "mallory", "another-key-that-is-at-least-32-characters"));
        var response = await NothingWrittenAsync(() => forged.PostJsonAsync(Projects, ProjectBody(Xincheng, QuotaKind.Replenishment, Area(1))));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_county_token_acting_for_another_county_is_a_403()
    {
        var response = await NothingWrittenAsync(() =>
            api.County(Huimin).PostJsonAsync(Projects, ProjectBody(Xincheng, QuotaKind.Replenishment, Area(1))));
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_county_may_not_file_storage_for_another_countys_project_nor_see_it()
    {
        var project = await api.County(Xincheng).RegisterProjectAsync(Xincheng, QuotaKind.Replenishment, Area(10));
        var accepted = api.Clock.Today.AddDays(-10);
        var response = await NothingWrittenAsync(() => api.County(Huimin).PostJsonAsync(StorageApplications,
            StorageBody(project, Area(10), 5, accepted, accepted.AddDays(-1))));
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.County(Huimin).GetAsync($"{Projects}/{project}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.County(Huimin).GetAsync($"{Holder(Xincheng)}/balances")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain((await api.County(Huimin).GetAsync<Page<ResourceView<Project>>>(Projects)).Items, p => p.Resource.Id == project);
    }

    [Fact]
    public async Task A_county_may_not_move_another_countys_quota()
    {
        // A county of its own: the other tests of the class issue linkage quota to Xincheng.
        var lot = await api.IssueLotAsync(Yuquan, QuotaKind.LinkageSurplus, Area(10));
        var response = await NothingWrittenAsync(() =>
            api.County(Huimin).PostJsonAsync(Transfers, TransferBody(Yuquan, Huimin, QuotaKind.LinkageSurplus, Area(1))));
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(Area(10), (await api.Centre().BalanceAsync(Yuquan, QuotaKind.LinkageSurplus)).Available);
        Assert.NotEqual(Guid.Empty, lot);
    }

    [Fact]
    public async Task A_county_may_not_approve_its_own_storage_application()
    {
        var county = api.County(Xincheng);
        var project = await county.RegisterProjectAsync(Xincheng, QuotaKind.LinkageSurplus, Area(10));
        var application = await county.SubmitStorageAsync(api, project, QuotaKind.LinkageSurplus, Area(10));
        var response = await NothingWrittenAsync(() => county.PostJsonAsync($"{StorageApplications}/{application}/approve", new { Reason = "self" }));
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("gold", "150102")]        // an unknown role
    [InlineData("admin", "150000")]
    [InlineData("county", "150100")]      // a prefecture is not a county
    [InlineData("county", "150000")]
    [InlineData("county", "159999")]      // no such region
    [InlineData("prefecture", "150102")]  // a county is not a prefecture
    [InlineData("centre", "150102")]      // the centre is the region, 150000
    [InlineData("buyer", "150102")]       // a buyer is not a holder of the region
    public async Task A_token_whose_role_and_organisation_do_not_fit_is_a_403(string role, string organisation)
    {
        var client = api.As(role, organisation);
        var response = await NothingWrittenAsync(() => client.PostJsonAsync(Projects, ProjectBody(Xincheng, QuotaKind.Replenishment, Area(1))));
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync(Projects)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_prefecture_may_not_decide_a_transfer_leaving_its_area()
    {
        await api.IssueLotAsync(Xincheng, QuotaKind.LinkageSurplus, Area(10));
        var transfer = await api.County(Xincheng).ProposeTransferAsync(Xincheng, "150202", QuotaKind.LinkageSurplus, Area(2));
        var response = await NothingWrittenAsync(() =>
            api.Prefecture("150100").PostJsonAsync($"{Transfers}/{transfer}/approve", new { Reason = "not ours to decide" }));
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
