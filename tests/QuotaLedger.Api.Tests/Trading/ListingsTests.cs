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

/// <summary>Listings from draft to deal through the API: fixed price, auction, no deal, withdrawal and termination.</summary>
public sealed class ListingsTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.Replenishment;

    [Fact]
    public async Task Two_buyers_fill_a_fixed_price_listing_in_parts_and_the_sold_out_order_closes_it()
    {
        var buyers = await api.GivenTradingAsync(3);
        var lot = await api.IssueLotAsync("150102", Kind, Replenishment(10m, 5000m, 0m));
        var id = await api.TradingListingAsync(ListingBody(api, "150102", 10m));
        var listing = await api.GetListingAsync(id);
        Assert.Equal(24_000m, listing.Terms.Deposit);
        Assert.Equal([new EscrowedLot(lot, 10m, listing.Escrow[0].ProjectId, listing.Escrow[0].ProjectName, "150102", listing.Escrow[0].LandSource,
            listing.Escrow[0].QualityGrade)], listing.Escrow);
        var first = await api.PayDepositAsync(id, buyers[0]);
        await api.PayDepositAsync(id, buyers[1]);
        await api.PayDepositAsync(id, buyers[2]);

        await (await api.Buyer(buyers[0]).OrderAsync(id, 4m)).ReadAsync<CommandResult>(HttpStatusCode.Created);
        Assert.Equal(6m, (await api.GetListingAsync(id)).Remaining);
        await (await api.Buyer(buyers[1]).OrderAsync(id, 7m)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        await (await api.Buyer(buyers[1]).OrderAsync(id, 6m)).ReadAsync<CommandResult>(HttpStatusCode.Created);
        await (await api.Buyer(buyers[2]).OrderAsync(id, 1m)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "listing-not-trading");

        listing = await api.GetListingAsync(id);
        Assert.Equal(ListingStatus.ProvisionalDeal, listing.Status);
        Assert.Equal([(buyers[0], 4m, 48_000m), (buyers[1], 6m, 72_000m)],
            listing.Awards.Select(a => (a.Award.BuyerId, a.Award.Quantity, a.Award.Price)));
        var seenByBuyer = (await api.Buyer(buyers[0]).GetAsync<ResourceView<ListingDetail>>(ListingPath(id)));
        Assert.Equal([buyers[0]], seenByBuyer.Resource.Awards.Select(a => a.Award.BuyerId));
        Assert.Null(seenByBuyer.History);
        Assert.Equal([buyers[0]], (await api.Buyer(buyers[0]).GetAsync<List<ListingOrder>>($"{ListingPath(id)}/orders")).Select(o => o.BuyerId));
        Assert.Equal(2, (await api.Centre().GetAsync<List<ListingOrder>>($"{ListingPath(id)}/orders")).Count);

        await api.Centre().ListingStepAsync(id, "publicize-result");
        api.Clock.Advance(TimeSpan.FromDays(5));
        await api.RunTimedAsync(new ConcludeListing(id));
        Assert.Equal(ListingStatus.Deal, (await api.GetListingAsync(id)).Status);
        Assert.Equal(2, await api.EventCountAsync("deal_concluded"));
        var credited = (await api.Buyer(buyers[0]).GetAsync<ResourceView<Deposit>>($"{Deposits}/{first}")).Resource;
        Assert.Equal((DepositStatus.Credited, 24_000m), (credited.Status, credited.Credited));
        // The buyer that won nothing has its deposit back.
        var third = Deposit.IdFor(id, buyers[2]);
        await (await api.Centre().PostJsonAsync($"{Deposits}/{third}/refund", new { BankReference = "REFUND-3" })).ReadAsync<CommandResult>();
        Assert.Equal(DepositStatus.Refunded, (await api.Centre().GetAsync<ResourceView<Deposit>>($"{Deposits}/{third}")).Resource.Status);
        var balance = await api.Centre().BalanceAsync("150102", Kind);
        Assert.Equal(Area(10m), balance.Reserved with { GrainCapacity = 0 });
        balance.ShouldBalance();
    }

    [Fact]
    public async Task An_auction_extends_its_close_on_a_late_bid_and_the_bid_at_the_cap_ends_it()
    {
        var buyers = await api.GivenTradingAsync(2);
        await api.IssueLotAsync("150103", Kind, Area(5m));
        var id = await api.TradingListingAsync(ListingBody(api, "150103", 5m, ListingMode.Auction, startPrice: 11_000m, cap: 14_000m, deposit: 0m));
        var (a, b) = (api.Buyer(buyers[0]), api.Buyer(buyers[1]));

        await (await a.BidAsync(id, 10_500m)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "bid-too-low");
        await (await a.BidAsync(id, 11_000m)).ReadAsync<CommandResult>(HttpStatusCode.Created);
        await (await b.BidAsync(id, 11_400m)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "bid-too-low");
        await (await b.BidAsync(id, 14_500m)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "above-cap");
        var close = (await api.GetListingAsync(id)).ClosesAt;
        api.Clock.Advance(close - api.Clock.Now - TimeSpan.FromMinutes(2));
        await (await b.BidAsync(id, 11_550m)).ReadAsync<CommandResult>(HttpStatusCode.Created);
        var listing = await api.GetListingAsync(id);
        Assert.Equal(api.Clock.Now.AddMinutes(5), listing.ClosesAt);
        Assert.Equal(11_550m, (await a.GetAsync<ResourceView<ListingDetail>>(ListingPath(id))).Resource.BestPrice);
        Assert.Equal([11_000m], (await a.GetAsync<List<ListingBid>>($"{ListingPath(id)}/bids")).Select(x => x.UnitPrice));

        // The old close has passed, the new one not: trading goes on.
        api.Clock.Advance(TimeSpan.FromMinutes(3));
        await Assert.ThrowsAsync<RuleViolationException>(() => api.RunTimedAsync(new CloseListingTrading(id)));
        await (await a.BidAsync(id, 14_000m)).ReadAsync<CommandResult>(HttpStatusCode.Created);
        await (await b.BidAsync(id, 14_000m)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "listing-not-trading");

        listing = await api.GetListingAsync(id);
        Assert.Equal(ListingStatus.ProvisionalDeal, listing.Status);
        Assert.Equal((buyers[0], 5m, 70_000m), (listing.Awards.Single().Award.BuyerId, listing.Awards.Single().Award.Quantity,
            listing.Awards.Single().Award.Price));
    }

    [Fact]
    public async Task A_reserve_not_met_is_no_deal_and_the_escrow_goes_back_to_available()
    {
        var buyers = await api.GivenTradingAsync(1);
        await api.IssueLotAsync("150121", Kind, Area(8m));
        var id = await api.TradingListingAsync(ListingBody(api, "150121", 8m, ListingMode.Auction, startPrice: 10_000m, reserve: 12_000m, deposit: 0m));
        Assert.Equal(Area(8m), (await api.Centre().BalanceAsync("150121", Kind)).Reserved);
        await (await api.Buyer(buyers[0]).BidAsync(id, 11_000m)).ReadAsync<CommandResult>(HttpStatusCode.Created);

        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.RunTimedAsync(new CloseListingTrading(id));

        var listing = await api.GetListingAsync(id);
        Assert.Equal(ListingStatus.NoDeal, listing.Status);
        Assert.Empty(listing.Escrow);
        var balance = await api.Centre().BalanceAsync("150121", Kind);
        Assert.Equal((Area(8m), Area(0m)), (balance.Available, balance.Reserved));
        balance.ShouldBalance();
    }

    [Fact]
    public async Task Withdrawal_and_termination_release_the_escrow_and_make_the_deposits_refundable()
    {
        var buyers = await api.GivenTradingAsync(1);
        await api.IssueLotAsync("150122", Kind, Area(6m));
        var withdrawn = await api.PublishedListingAsync(ListingBody(api, "150122", 3m));
        var deposit = await api.PayDepositAsync(withdrawn, buyers[0]);
        await (await api.Centre().PostJsonAsync($"{Deposits}/{deposit}/refund", new { BankReference = "R-1" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await api.Centre().ListingStepAsync(withdrawn, "withdraw", new { Reason = "the county's plan changed" });
        await (await api.Centre().PostJsonAsync($"{Deposits}/{deposit}/refund", new { BankReference = "R-1" })).ReadAsync<CommandResult>();

        var terminated = await api.TradingListingAsync(ListingBody(api, "150122", 6m, deposit: 0m));
        await (await api.Buyer(buyers[0]).OrderAsync(terminated, 2m)).ReadAsync<CommandResult>(HttpStatusCode.Created);
        await (await api.Centre().PostJsonAsync($"{ListingPath(terminated)}/withdraw", new { Reason = "too late" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await api.Centre().ListingStepAsync(terminated, "terminate", new { Reason = "objection upheld" });

        Assert.Equal(ListingStatus.Terminated, (await api.GetListingAsync(terminated)).Status);
        var balance = await api.Centre().BalanceAsync("150122", Kind);
        Assert.Equal((Area(6m), Area(0m)), (balance.Available, balance.Reserved));
    }

    [Fact]
    public async Task Timed_transitions_sent_twice_at_once_happen_once()
    {
        var buyers = await api.GivenTradingAsync(1);
        await api.IssueLotAsync("150124", Kind, Area(4m));
        var id = await api.TradingListingAsync(ListingBody(api, "150124", 4m, deposit: 0m));
        await (await api.Buyer(buyers[0]).OrderAsync(id, 1m)).ReadAsync<CommandResult>(HttpStatusCode.Created);
        var before = await api.EventCountAsync("listing_closed");

        api.Clock.Advance(TimeSpan.FromDays(1));
        var results = await Task.WhenAll(api.RunTimedAsync(new CloseListingTrading(id)), api.RunTimedAsync(new CloseListingTrading(id)));

        Assert.Equal(before + 1, await api.EventCountAsync("listing_closed"));
        Assert.Equal(results[0].Version, results[1].Version);
        Assert.Equal(ListingStatus.ProvisionalDeal, (await api.GetListingAsync(id)).Status);
        var balance = await api.Centre().BalanceAsync("150124", Kind);
        Assert.Equal((Area(3m), Area(1m)), (balance.Available, balance.Reserved));
        Assert.Equal(results[0], await api.RunTimedAsync(new OpenListingTrading(id)));
    }
}
