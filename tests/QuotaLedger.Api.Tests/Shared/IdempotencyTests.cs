using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>The same command sent twice under one Idempotency-Key has the effect of one, even when the copies race.</summary>
public sealed class IdempotencyTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.LinkageSurplus;

    private static async Task<(HttpStatusCode Status, string Body, string? ETag, Uri? Location)> SnapshotAsync(HttpResponseMessage response) =>
        (response.StatusCode, await response.Content.ReadAsStringAsync(), response.ETag(), response.Headers.Location);

    [Fact]
    public async Task A_retried_registration_answers_the_same_and_registers_one_project()
    {
        var county = api.County("150102");
        var body = ProjectBody("150102", Kind, Area(12));
        var events = await api.EventCountAsync("project_registered");

        var first = await SnapshotAsync(await county.PostJsonAsync(Projects, body, idempotencyKey: "register-1"));
        var retry = await SnapshotAsync(await county.PostJsonAsync(Projects, body, idempotencyKey: "register-1"));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first, retry);
        Assert.Equal(events + 1, await api.EventCountAsync("project_registered"));
        // A new key is a new command.
        var another = await SnapshotAsync(await county.PostJsonAsync(Projects, body, idempotencyKey: "register-2"));
        Assert.NotEqual(first.Body, another.Body);
        Assert.Equal(events + 2, await api.EventCountAsync("project_registered"));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422_and_writes_nothing()
    {
        var county = api.County("150103");
        await (await county.PostJsonAsync(Projects, ProjectBody("150103", Kind, Area(5)), idempotencyKey: "reused"))
            .ReadAsync<CommandResult>(HttpStatusCode.Created);
        var events = await api.EventCountAsync();

        var response = await county.PostJsonAsync(Projects, ProjectBody("150103", Kind, Area(6)), idempotencyKey: "reused");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task The_same_key_for_another_command_on_the_same_path_is_refused()
    {
        var county = api.County("150104");
        var lot = await api.IssueLotAsync("150104", Kind, Area(10));
        await county.ProposeTransferAsync("150104", "150105", Kind, Area(1));
        var transfer = await county.ProposeTransferAsync("150104", "150105", Kind, Area(1));
        var other = await county.ProposeTransferAsync("150104", "150105", Kind, Area(1));
        await (await county.PostJsonAsync($"{Transfers}/{transfer}/withdraw", new { Reason = "mistake" }, idempotencyKey: "withdraw"))
            .ReadAsync<CommandResult>();
        var events = await api.EventCountAsync();

        var response = await county.PostJsonAsync($"{Transfers}/{other}/withdraw", new { Reason = "mistake" }, idempotencyKey: "withdraw");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(events, await api.EventCountAsync());
        Assert.NotEqual(Guid.Empty, lot);
    }

    [Fact]
    public async Task A_retried_approval_answers_the_same_instead_of_a_conflict()
    {
        var county = api.County("150121");
        var project = await county.RegisterProjectAsync("150121", Kind, Area(20));
        var application = await county.SubmitStorageAsync(api, project, Kind, Area(20));
        var centre = api.Centre();

        var first = await SnapshotAsync(await centre.PostJsonAsync($"{StorageApplications}/{application}/approve", new { Reason = "ok" }, "approve-1"));
        var retry = await SnapshotAsync(await centre.PostJsonAsync($"{StorageApplications}/{application}/approve", new { Reason = "ok" }, "approve-1"));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first, retry);
        Assert.Equal(Area(20), (await centre.BalanceAsync("150121", Kind)).Issued);
        // Without the key, a second approval is a new command, refused by the application's state.
        await (await centre.PostJsonAsync($"{StorageApplications}/{application}/approve", new { Reason = "ok" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task Ten_parallel_retries_of_a_transfer_reserve_once_and_all_answer_alike()
    {
        const string county = "150122";
        await api.IssueLotAsync(county, Kind, Area(50));
        var client = api.County(county);
        var proposals = await api.EventCountAsync("transfer_proposed");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
            await SnapshotAsync(await client.PostJsonAsync(Transfers, TransferBody(county, "150123", Kind, Area(7.5m)), "one-transfer"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Single(responses.Distinct());
        Assert.Equal(proposals + 1, await api.EventCountAsync("transfer_proposed"));
        var balance = await client.BalanceAsync(county, Kind);
        Assert.Equal(Area(7.5m), balance.Reserved);
        Assert.Equal(Area(42.5m), balance.Available);
    }

    [Fact]
    public async Task Keys_belong_to_their_user()
    {
        var first = await api.County("150123", "user-a").PostJsonAsync(Projects, ProjectBody("150123", Kind, Area(1)), "shared-key");
        var second = await api.County("150123", "user-b").PostJsonAsync(Projects, ProjectBody("150123", Kind, Area(2)), "shared-key");
        Assert.NotEqual((await first.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id,
            (await second.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(0)]
    public async Task An_unusable_key_is_a_400(int length)
    {
        var events = await api.EventCountAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, Projects) { Content = Http.JsonBody(ProjectBody("150124", Kind, Area(1))) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", length == 0 ? "bad\tkey" : new string('k', length));
        var response = await api.County("150124").SendAsync(request);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad-request");
        Assert.Equal(events, await api.EventCountAsync());
    }
}
