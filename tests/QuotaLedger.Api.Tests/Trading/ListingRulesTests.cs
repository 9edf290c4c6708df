using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Listings;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;
using static QuotaLedger.Api.Tests.Support.Steps;
using static QuotaLedger.Api.Tests.Trading.ListingSteps;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>The rules of listing and trading through the API: their refusals, who may see what, and races for a listing.</summary>
public sealed class ListingRulesTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.Replenishment;

    [Fact]
    public async Task A_listing_below_the_floor_in_force_is_refused_at_the_draft()
    {
        await api.GivenTradingAsync(0);
        var events = await api.EventCountAsync();
        await (await api.Centre(Drafter).PostJsonAsync(Listings, ListingBody(api, "150102", 1m, startPrice: 9_999.99m)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "below-floor");
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task The_county_consents_itself_and_a_second_centre_user_publishes()
    {
        await api.GivenTradingAsync(0);
        await api.IssueLotAsync("150103", Kind, Area(2m));
        var id = await api.DraftListingAsync(ListingBody(api, "150103", 2m));

        await (await api.Centre(Drafter).PostJsonAsync($"{ListingPath(id)}/submit", null)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "consent-required");
        await (await api.Centre().PostJsonAsync($"{ListingPath(id)}/consent", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.County("150102").PostJsonAsync($"{ListingPath(id)}/consent", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await api.County("150103").ListingStepAsync(id, "consent");
        await api.Centre(Drafter).ListingStepAsync(id, "submit");
        await (await api.Centre(Drafter).PostJsonAsync($"{ListingPath(id)}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "four-eyes-required");
        await api.Centre().ListingStepAsync(id, "publish");

        Assert.Equal(ListingStatus.Notice, (await api.GetListingAsync(id)).Status);
        Assert.Equal(Area(2m), (await api.County("150103").BalanceAsync("150103", Kind)).Reserved);
    }

    [Fact]
    public async Task Quota_in_escrow_cannot_be_transferred_frozen_or_listed_again()
    {
        await api.GivenTradingAsync(0);
        await api.IssueLotAsync("150104", Kind, Area(5m));
        await api.PublishedListingAsync(ListingBody(api, "150104", 5m));

        await (await api.County("150104").PostJsonAsync(Transfers, TransferBody("150104", "150105", Kind, Area(1m))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        await (await api.Centre().PostJsonAsync(Freezes, FreezeBody("150104", Kind, null, null)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        var again = await api.DraftListingAsync(ListingBody(api, "150104", 1m));
        await api.County("150104").ListingStepAsync(again, "consent");
        await api.Centre(Drafter).ListingStepAsync(again, "submit");
        await (await api.Centre().PostJsonAsync($"{ListingPath(again)}/publish", null))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
    }

    [Fact]
    public async Task A_buyer_trades_only_when_eligible_unbarred_with_its_deposit_confirmed_and_the_window_open()
    {
        var buyers = await api.GivenTradingAsync(3);
        await api.IssueLotAsync("150121", Kind, Area(4m));
        var id = await api.TradingListingAsync(ListingBody(api, "150121", 4m, eligibleBuyers: [buyers[0], buyers[1]]));

        await (await api.Buyer(buyers[2]).OrderAsync(id, 1m)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not-eligible");
        await (await api.Buyer(buyers[0]).OrderAsync(id, 1m)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "deposit-not-confirmed");
        await (await api.Buyer(buyers[0]).PostJsonAsync($"{ListingPath(id)}/deposit", new { BankReference = "DEP-0" }))
            .ReadAsync<CommandResult>(HttpStatusCode.Created);
        await (await api.Buyer(buyers[0]).OrderAsync(id, 1m)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "deposit-not-confirmed");
        await api.PayDepositAsync(id, buyers[1]);
        await api.Centre().BarBuyerAsync(buyers[1]);
        await (await api.Buyer(buyers[1]).OrderAsync(id, 1m)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "buyer-barred");
        await api.Centre().ReinstateBuyerAsync(buyers[1]);
        await (await api.Buyer(buyers[1]).OrderAsync(id, 1m)).ReadAsync<CommandResult>(HttpStatusCode.Created);
        await (await api.As("buyer", Guid.NewGuid().ToString()).OrderAsync(id, 1m)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        api.Clock.Advance(TimeSpan.FromDays(1));
        await (await api.Buyer(buyers[1]).OrderAsync(id, 1m)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "window-closed");
    }

    [Fact]
    public async Task A_buyer_sees_neither_another_buyers_deposit_nor_its_bids_nor_a_listing_not_open_to_it()
    {
        var buyers = await api.GivenTradingAsync(3);
        await api.IssueLotAsync("150122", Kind, Area(3m));
        var id = await api.TradingListingAsync(ListingBody(api, "150122", 3m, ListingMode.Auction, startPrice: 11_000m,
            eligibleBuyers: [buyers[0], buyers[1]]));
        var deposit = await api.PayDepositAsync(id, buyers[0]);
        await api.PayDepositAsync(id, buyers[1]);
        await (await api.Buyer(buyers[0]).BidAsync(id, 11_000m)).ReadAsync<CommandResult>(HttpStatusCode.Created);

        var other = api.Buyer(buyers[1]);
        await (await other.GetAsync($"{Deposits}/{deposit}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await other.GetAsync<List<ListingBid>>($"{ListingPath(id)}/bids"));
        Assert.Equal([Deposit.IdFor(id, buyers[1])],
            (await other.GetAsync<List<ResourceView<Deposit>>>($"{ListingPath(id)}/deposits")).Select(d => d.Resource.Id));
        var seen = (await other.GetAsync<ResourceView<ListingDetail>>(ListingPath(id))).Resource;
        Assert.Equal((11_000m, 1), (seen.BestPrice, seen.BidCount));
        Assert.Equal([buyers[1]], seen.Terms.EligibleBuyers!);
        Assert.Contains(id, (await other.GetAsync<Page<ResourceView<ListingSummary>>>(Listings)).Items.Select(l => l.Resource.Id));
        await (await api.Buyer(buyers[2]).GetAsync(ListingPath(id))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain(id, (await api.Buyer(buyers[2]).GetAsync<Page<ResourceView<ListingSummary>>>(Listings)).Items.Select(l => l.Resource.Id));
        Assert.Equal(2, (await api.Centre().GetAsync<List<ResourceView<Deposit>>>($"{ListingPath(id)}/deposits")).Count);
    }

    [Fact]
    public async Task Fifty_buyers_racing_for_a_fixed_price_listing_fill_it_exactly_and_never_oversell()
    {
        var buyers = await api.GivenTradingAsync(50);
        await api.IssueLotAsync("150123", Kind, Area(30m));
        var id = await api.TradingListingAsync(ListingBody(api, "150123", 30m, deposit: 0m));

        var answers = await Task.WhenAll(buyers.Select(b => api.Buyer(b).OrderAsync(id, 1m)));

        Assert.Equal(30, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var listing = await api.GetListingAsync(id);
        Assert.Equal((ListingStatus.ProvisionalDeal, 0m, 30m), (listing.Status, listing.Remaining, listing.Awards.Sum(a => a.Award.Quantity)));
        var balance = await api.Centre().BalanceAsync("150123", Kind);
        Assert.Equal((Area(0m), Area(30m)), (balance.Available, balance.Reserved));
    }

    [Fact]
    public async Task Bids_racing_at_the_cap_and_at_the_close_leave_one_winner_and_nothing_after_the_close()
    {
        var buyers = await api.GivenTradingAsync(10);
        await api.IssueLotAsync("150124", Kind, Area(2m));
        await api.IssueLotAsync("150125", Kind, Area(2m));
        var capped = await api.TradingListingAsync(ListingBody(api, "150124", 2m, ListingMode.Auction, startPrice: 11_000m, cap: 12_000m, deposit: 0m));

        var atCap = await Task.WhenAll(buyers.Select(b => api.Buyer(b).BidAsync(capped, 12_000m)));

        Assert.Equal(1, atCap.Count(a => a.StatusCode == HttpStatusCode.Created));
        var winner = (await api.GetListingAsync(capped)).Awards.Single().Award.BuyerId;
        Assert.Equal([winner], (await api.Centre().GetAsync<List<ListingBid>>($"{ListingPath(capped)}/bids")).Select(b => b.BuyerId));

        var closing = await api.TradingListingAsync(ListingBody(api, "150125", 2m, ListingMode.Auction, startPrice: 11_000m, deposit: 0m));
        var close = (await api.GetListingAsync(closing)).ClosesAt;
        api.Clock.Advance(close - api.Clock.Now);
        var timed = api.RunTimedAsync(new CloseListingTrading(closing));
        var late = await Task.WhenAll(buyers.Select(b => api.Buyer(b).BidAsync(closing, 11_000m)));
        await timed;

        Assert.DoesNotContain(late, a => a.StatusCode == HttpStatusCode.Created);
        var listing = await api.GetListingAsync(closing);
        Assert.Equal((ListingStatus.NoDeal, 0), (listing.Status, listing.BidCount));
    }
}
