using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Buyers;
using static QuotaLedger.Api.Tests.Trading.TradingSteps;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>The centre registers buyers of other provinces, suspends, bars and reinstates them; a buyer sees only itself.</summary>
public sealed class BuyersTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private async Task<HttpResponseMessage> NothingWrittenAsync(Func<Task<HttpResponseMessage>> act)
    {
        var events = await api.EventCountAsync();
        var response = await act();
        Assert.Equal(events, await api.EventCountAsync());
        return response;
    }

    [Fact]
    public async Task The_centre_registers_a_buyer_whose_users_see_it_under_their_own_token()
    {
        var centre = api.Centre();
        var id = await centre.RegisterBuyerAsync("330000", "Zhejiang land reserve centre", "trading desk");

        var seen = await api.Buyer(id).GetAsync(BuyerPath(id));
        Assert.Equal("\"1\"", seen.ETag());
        var buyer = await seen.ReadAsync<ResourceView<Buyer>>();
        Assert.Equal(new Buyer(id, "330000", "Zhejiang land reserve centre", "trading desk", null), buyer.Resource);
        Assert.Equal(id.ToString(), buyer.Resource.Holder);
        Assert.Equal(["buyer_registered"], buyer.History!.Select(e => e.Type));
    }

    [Fact]
    public async Task An_unknown_province_Inner_Mongolia_itself_empty_fields_and_a_county_registering_are_refused()
    {
        var centre = api.Centre();
        await (await NothingWrittenAsync(() => centre.PostJsonAsync(Buyers, BuyerBody(provinceCode: "990000"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "provinceCode");
        await (await NothingWrittenAsync(() => centre.PostJsonAsync(Buyers, BuyerBody(provinceCode: "150000"))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-holder");
        await (await NothingWrittenAsync(() => centre.PostJsonAsync(Buyers, BuyerBody(name: "", contact: ""))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "name", "contact");
        await (await NothingWrittenAsync(() => api.County("150102").PostJsonAsync(Buyers, BuyerBody())))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await NothingWrittenAsync(() => api.Prefecture("150100").PostJsonAsync(Buyers, BuyerBody())))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_suspension_and_a_bar_carry_their_reason_and_end_and_a_reinstatement_lifts_them()
    {
        var centre = api.Centre();
        var id = await centre.RegisterBuyerAsync("440000", "Guangdong land reserve centre");
        var today = api.Clock.Today;

        await centre.SuspendBuyerAsync(id, today.AddDays(30), "deposit reference under review");
        Assert.Equal(new BuyerRestriction(RestrictionKind.Suspended, "deposit reference under review", today.AddDays(30), null),
            (await centre.GetAsync<ResourceView<Buyer>>(BuyerPath(id))).Resource.Restriction);

        await centre.BarBuyerAsync(id, until: null, "forged bank reference");
        Assert.Equal(new BuyerRestriction(RestrictionKind.Barred, "forged bank reference", null, null),
            (await centre.GetAsync<ResourceView<Buyer>>(BuyerPath(id))).Resource.Restriction);

        await centre.ReinstateBuyerAsync(id, "the bank confirmed the reference");
        var reinstated = await centre.GetAsync<ResourceView<Buyer>>(BuyerPath(id));
        Assert.Null(reinstated.Resource.Restriction);
        Assert.Equal(4, reinstated.Version);
        Assert.Equal(["buyer_registered", "buyer_suspended", "buyer_barred", "buyer_reinstated"], reinstated.History!.Select(e => e.Type));
        Assert.Equal("the bank confirmed the reference", reinstated.History![^1].Reason);
    }

    [Fact]
    public async Task An_end_not_after_today_reinstating_an_unrestricted_buyer_and_a_buyer_deciding_are_refused()
    {
        var centre = api.Centre();
        var id = await centre.RegisterBuyerAsync("320000", "Jiangsu land reserve centre");
        var today = api.Clock.Today;

        await (await NothingWrittenAsync(() => centre.PostJsonAsync($"{BuyerPath(id)}/suspend", new { Reason = "review", Until = today })))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-schedule");
        await (await NothingWrittenAsync(() => centre.PostJsonAsync($"{BuyerPath(id)}/bar", new { Reason = "" })))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "reason");
        await (await NothingWrittenAsync(() => centre.PostJsonAsync($"{BuyerPath(id)}/reinstate", new { Reason = "nothing to lift" })))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await NothingWrittenAsync(() => api.Buyer(id).PostJsonAsync($"{BuyerPath(id)}/reinstate", new { Reason = "let me in" })))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await NothingWrittenAsync(() => centre.PostJsonAsync($"{BuyerPath(Guid.CreateVersion7())}/bar", new { Reason = "unknown" })))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");

        // A suspension that has run out no longer applies: there is nothing left to reinstate.
        await centre.SuspendBuyerAsync(id, today.AddDays(1));
        api.Clock.Advance(TimeSpan.FromDays(1));
        await (await NothingWrittenAsync(() => centre.PostJsonAsync($"{BuyerPath(id)}/reinstate", new { Reason = "ended already" })))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task A_decision_on_a_buyer_takes_the_version_it_was_made_on()
    {
        var centre = api.Centre();
        var id = await centre.RegisterBuyerAsync("310000", "Shanghai land reserve centre");
        var etag = (await centre.GetAsync(BuyerPath(id))).ETag();
        Assert.Equal("\"1\"", etag);

        var suspended = await centre.PostJsonAsync($"{BuyerPath(id)}/suspend", new { Reason = "review" }, ifMatch: etag);
        Assert.Equal("\"2\"", suspended.ETag());
        Assert.Equal(2, (await suspended.ReadAsync<CommandResult>()).Version);

        await (await NothingWrittenAsync(() => centre.PostJsonAsync($"{BuyerPath(id)}/bar", new { Reason = "stale view" }, ifMatch: etag)))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        // Access comes before the version: a county learns nothing of the buyer, not even that the version is stale.
        var forbidden = await api.County("150102").PostJsonAsync($"{BuyerPath(id)}/bar", new { Reason = "x" }, ifMatch: "\"9\"");
        Assert.DoesNotContain("version", (await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden"))
            .GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_buyer_sees_only_itself_and_counties_and_prefectures_see_no_buyer()
    {
        var centre = api.Centre();
        var mine = await centre.RegisterBuyerAsync("110000", "Beijing land reserve centre");
        var other = await centre.RegisterBuyerAsync("120000", "Tianjin land reserve centre");
        var buyer = api.Buyer(mine);

        var listed = await buyer.GetAsync<Page<ResourceView<Buyer>>>(Buyers);
        Assert.Equal([mine], listed.Items.Select(b => b.Resource.Id));
        Assert.Contains(other, (await centre.GetAsync<Page<ResourceView<Buyer>>>($"{Buyers}?limit=500")).Items.Select(b => b.Resource.Id));

        // As for every resource asked for by id, another's is a 403 that names nothing of it.
        var foreign = await (await buyer.GetAsync(BuyerPath(other))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain("Tianjin", foreign.GetProperty("detail").GetString());
        await (await api.County("150102").GetAsync(BuyerPath(mine))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.County("150102").GetAsync(Buyers)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Prefecture("150100").GetAsync(Buyers)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await centre.GetAsync($"{Buyers}?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "limit");
    }

    [Fact]
    public async Task A_registration_sent_twice_under_one_idempotency_key_registers_one_buyer()
    {
        var centre = api.Centre();
        var body = BuyerBody("500000", "Chongqing land reserve centre");
        var before = await api.EventCountAsync("buyer_registered");

        var first = await centre.PostJsonAsync(Buyers, body, idempotencyKey: "register-chongqing");
        var retry = await centre.PostJsonAsync(Buyers, body, idempotencyKey: "register-chongqing");

        var id = (await first.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
        Assert.Equal(id, (await retry.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(before + 1, await api.EventCountAsync("buyer_registered"));
    }
}
