using System.Text.Json;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Listings;
using static QuotaLedger.Api.Tests.Support.Steps;
using static QuotaLedger.Api.Tests.Trading.ListingSteps;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// The trading clock runs the timed transitions: once, with two service instances looking at once, and late but dated
/// when they were due after the service was down.
/// </summary>
public sealed class TradingClockTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task Two_instances_looking_at_once_open_and_close_a_listing_once()
    {
        var buyers = await api.GivenTradingAsync(1);
        await api.IssueLotAsync("150203", QuotaKind.Replenishment, Area(5m));
        var id = await api.PublishedListingAsync(ListingBody(api, "150203", 5m));
        await using var second = SecondInstance();

        api.Clock.Advance(TimeSpan.FromDays(5));
        second.Clock.Advance(TimeSpan.FromDays(5));
        await Task.WhenAll(api.RunDueAsync(), second.RunDueAsync());
        Assert.Equal(ListingStatus.Trading, (await api.GetListingAsync(id)).Status);
        await api.PayDepositAsync(id, buyers[0]);
        await (await api.Buyer(buyers[0]).OrderAsync(id, 2m)).ReadAsync<Application.Shared.CommandResult>(System.Net.HttpStatusCode.Created);

        api.Clock.Advance(TimeSpan.FromDays(1));
        second.Clock.Advance(TimeSpan.FromDays(1));
        await Task.WhenAll(api.RunDueAsync(), second.RunDueAsync(), api.RunDueAsync());

        Assert.Equal(ListingStatus.ProvisionalDeal, (await api.GetListingAsync(id)).Status);
        Assert.Equal(1, await EventsOfAsync(id, "listing_trading_opened"));
        Assert.Equal(1, await EventsOfAsync(id, "listing_closed"));
        Assert.Equal(1, await EventsOfAsync(id, "listing_provisionally_awarded"));
    }

    [Fact]
    public async Task A_close_missed_while_the_service_was_down_happens_when_it_starts_again_dated_when_it_was_due()
    {
        await api.GivenTradingAsync(0);
        await api.IssueLotAsync("150204", QuotaKind.Replenishment, Area(5m));
        var id = await api.TradingListingAsync(ListingBody(api, "150204", 5m));
        var due = (await api.GetListingAsync(id)).ClosesAt;

        // The service was down over the close; an instance that starts three hours later looks at once.
        api.Clock.Advance(due - api.Clock.Now + TimeSpan.FromHours(3));
        await using var restarted = SecondInstance(tradingClockPeriodSeconds: 1);
        await WaitUntilAsync(async () => (await api.GetListingAsync(id)).Status == ListingStatus.NoDeal);

        var closed = JsonDocument.Parse(await api.ScalarAsync<string>(
            "SELECT data::text FROM mt_events WHERE stream_id = $1 AND type = 'listing_closed'", id)).RootElement;
        Assert.Equal(due, closed.GetProperty("closedAt").GetDateTimeOffset());
        Assert.True(closed.GetProperty("recordedLate").GetBoolean());
        Assert.Equal("window_ended", closed.GetProperty("reason").GetString());
    }

    /// <summary>Another instance of the service over the same database, its clock where this one's is.</summary>
    private LedgerApi SecondInstance(int tradingClockPeriodSeconds = 0)
    {
        var second = LedgerApi.Over(api.DatabaseName, tradingClockPeriodSeconds);
        second.Clock.Advance(api.Clock.Now - second.Clock.Now);
        _ = second.Server;
        return second;
    }

    private Task<long> EventsOfAsync(Guid stream, string type) =>
        api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = $1 AND type = $2", stream, type);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(200))
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail("The trading clock did not run what was due within 30 s.");
    }
}
