using QuotaLedger.Fault.Tests.Support;
using Xunit.Abstractions;

namespace QuotaLedger.Fault.Tests;

/// <summary>
/// The service is SIGKILLed while its trading clock closes and concludes several listings due at the same moment, and
/// while the centre confirms payments that deliver quota (sent concurrently, the lost answers resent with their keys).
/// Afterwards every listing closed and concluded once, every deal is delivered at most once and every fully paid one
/// exactly once, no quota is lost or doubled, the money journal balances and the ledger verifies.
/// </summary>
public sealed class TradingCrashTests(ITestOutputHelper output)
{
    private static readonly string[] Counties = LedgerWorkload.Counties;
    private readonly Log log = new(output);

    /// <summary>A deal of a round: what was awarded and which of its tranches the centre confirmed.</summary>
    private sealed record RoundDeal(Guid Id, Guid ListingId, Guid BuyerId, string Seller, decimal Quantity, int Shares, IReadOnlyList<Tranche> Tranches)
    {
        public bool FullyPaid => Tranches.Count == 2;
    }

    [Fact]
    public async Task Sigkills_during_closes_and_deliveries_lose_and_double_nothing()
    {
        var seed = Repo.Seed(5301);
        var rounds = Repo.LongFaults ? 3 : 1;
        const int listingsPerRound = 6;
        log.Write($"seed {seed} (QUOTALEDGER_FAULT_SEED replays it), {rounds} rounds of {listingsPerRound} listings, 3 kills each, service {Repo.ApiDll}");

        await using var db = await TestDatabase.CreateAsync();
        await using var service = await ServiceProcess.StartAsync("trading-crash", db.ServiceConnectionString,
            new Dictionary<string, string> { ["TimedCommands__PeriodSeconds"] = "1" });
        using var api = new ApiClient(service);
        var random = new Random(seed);
        var runId = $"trade{seed}";
        await new LedgerWorkload(api, seed, runId, log.Write).SeedAsync(lotsPerCounty: 1);
        var market = new TradingMarket(api, service, db, random, $"{runId}-market", log.Write);
        Assert.True((await market.SetParametersAsync()).IsSuccess, string.Join("\n", market.Violations));
        var buyers = await market.RegisterBuyersAsync(4);

        var listings = new List<RoundListing>();
        var deals = new List<RoundDeal>();
        for (var round = 0; round < rounds; round++)
        {
            var (roundListings, roundDeals) = await RoundAsync(market, buyers, round, listingsPerRound, random);
            listings.AddRange(roundListings);
            deals.AddRange(roundDeals);
        }
        log.Write($"{listings.Count} listings, {deals.Count} deals ({deals.Count(d => d.FullyPaid)} fully paid), " +
                  $"{market.Records.Count} commands, {market.Cut} answers lost to {market.Kills} kills");

        var verdict = new Verdict(log.Write);
        verdict.Require(market.Cut > 0, "no request was cut by the kills: the test did not test anything");
        verdict.Add("responses", market.Violations);
        verdict.Add("timed transitions once", await TimedTransitionsOnceAsync(db, listings, deals));
        verdict.Add("payments and deliveries", await DeliveriesAsync(db, market, deals));
        verdict.Add("quota of sellers and buyers", await QuotaAsync(db, market, listings, deals, buyers));
        verdict.Add("money journal", await MoneyBalancedAsync(market));
        verdict.Add("invariants", await Invariants.CheckAsync(db));
        verdict.Add("async projection", await Invariants.AsyncProjectionCaughtUpAsync(db, TimeSpan.FromSeconds(60)));
        verdict.Add("hash chains and seals", await Invariants.HistorySealedAndIntactAsync(db, TimeSpan.FromSeconds(60)));
        await verdict.LedgerTotalsBalancedAsync(api);
        verdict.Assert(service);
    }

    /// <summary>
    /// Listings whose trading closes at one moment: fixed-price ones partly ordered, auctions bid on, one never traded.
    /// Killed once while the clock closes them, once while it concludes them, once while payments deliver.
    /// </summary>
    private async Task<(RoundListing[] Listings, List<RoundDeal> Deals)> RoundAsync(
        TradingMarket market, Guid[] buyers, int round, int count, Random random)
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(20);
        var end = start.AddSeconds(10);
        var plans = Enumerable.Range(0, count)
            .Select(i => (Seller: Counties[(i + round) % Counties.Length], Auction: i % 2 == 1, Sold: i != count - 1)).ToArray();
        var ids = await Task.WhenAll(plans.Select(p => market.PublishListingAsync(p.Seller, p.Auction, start, end)));
        var listings = plans.Select((p, i) => new RoundListing(ids[i], p.Seller, p.Auction, p.Sold)).ToArray();
        Guid[] Bidders(int i) => Enumerable.Range(0, listings[i].Auction ? 3 : 2).Select(k => buyers[(i + round + k) % buyers.Length]).ToArray();
        await Task.WhenAll(listings.Select((l, i) => (l, i)).Where(x => x.l.Sold)
            .SelectMany(x => Bidders(x.i).Select(b => market.PayDepositAsync(x.l.Id, b))));
        log.Write($"round {round}: {count} listings published, deposits confirmed; trading {start:HH:mm:ss}–{end:HH:mm:ss}");
        Assert.True(DateTimeOffset.UtcNow < start, "the round's setup outlasted its notice: trading would have opened without it");

        // Quantities ordered (less than offered: the clock, not a sold-out order, closes) and bids, drawn before any concurrency.
        var orders = listings.Select((_, i) => Bidders(i).Select(_ => 3m + random.Next(0, 2)).ToArray()).ToArray();
        await market.AwaitStatusAsync(ids, start - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30), "trading");
        await Task.WhenAll(listings.Select(async (l, i) =>
        {
            if (!l.Sold) return;
            var bidders = Bidders(i);
            for (var k = 0; k < bidders.Length; k++)
                if (l.Auction) await market.BidAsync(l.Id, bidders[k], TradingMarket.StartPrice * (1 + 0.05m * k));
                else await market.OrderAsync(l.Id, bidders[k], orders[i][k]);
        }));
        Assert.True(DateTimeOffset.UtcNow < end, "the orders and bids outlasted the trading window");

        await market.KillWhenAsync("while the trading clock closes", () => market.EventsAsync("listing_closed", ids),
            random.Next(1, 3), end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(8));
        await market.AwaitStatusAsync(ids, TimeSpan.FromSeconds(40), "provisional_deal", "no_deal");

        var sold = listings.Where(l => l.Sold).Select(l => l.Id).ToArray();
        var publicized = Task.WhenAll(sold.Select(market.PublicizeAsync));
        await market.KillWhenAsync("while the trading clock concludes", () => market.EventsAsync("listing_concluded", sold),
            random.Next(1, 3), TimeSpan.FromSeconds(15));
        await publicized;
        await market.AwaitStatusAsync(sold, TimeSpan.FromSeconds(40), "deal");

        var deals = await DealsAsync(market, sold, round);
        var tranches = deals.SelectMany(d => d.Tranches).ToArray();
        var fullyPaid = deals.Where(d => d.FullyPaid).Select(d => d.Id).ToArray();
        log.Write($"round {round}: {deals.Count} deals; confirming {tranches.Length} payments at once ({fullyPaid.Length} deals in full)");
        var confirmed = Task.WhenAll(tranches.OrderBy(_ => random.Next()).Select(t => market.ConfirmPaymentAsync(t)));
        // Early, so that most confirmations are in flight: those whose answers are lost are resent with their keys.
        // Sent at once, they are committed in groups (CommandGroups), so that by the time one is seen committed its whole
        // group is, and answered: the kill comes within a few milliseconds of sending, while groups execute or commit.
        var dealIds = deals.Select(d => d.Id).ToArray();
        await Task.Delay(random.Next(0, 40));
        await market.KillWhenAsync("while payments deliver", () => market.EventsAsync("deal_payment_confirmed", dealIds),
            0, TimeSpan.FromSeconds(20));
        await confirmed;

        // The same bank reference confirmed again under a new key is the same payment: answered, nothing recorded.
        var before = await market.EventsAsync("deal_payment_confirmed", dealIds);
        await Task.WhenAll(tranches.Select(t => market.ConfirmPaymentAsync(t, "confirm-payment-again")));
        var after = await market.EventsAsync("deal_payment_confirmed", dealIds);
        Assert.True(before == after, $"confirming {tranches.Length} payments again recorded {after - before} more");
        return (listings, deals);
    }

    /// <summary>Every award's deal, paid in two tranches (every fourth deal only in the first, so that it stays unpaid).</summary>
    private static async Task<List<RoundDeal>> DealsAsync(TradingMarket market, IEnumerable<Guid> listings, int round)
    {
        var deals = new List<RoundDeal>();
        foreach (var listing in listings)
            foreach (var award in (await market.GetAsync($"/api/v1/trading/listings/{listing}")).GetProperty("resource").GetProperty("awards").EnumerateArray())
            {
                var id = award.GetProperty("award").GetProperty("dealId").GetGuid();
                var deal = (await market.GetAsync($"/api/v1/trading/deals/{id}")).GetProperty("resource");
                var (buyer, seller) = (deal.GetProperty("buyerId").GetGuid(), deal.GetProperty("seller").GetString()!);
                var due = deal.GetProperty("amountDue").GetDecimal();
                var first = Math.Round(due / 2, 2, MidpointRounding.AwayFromZero);
                var reference = $"PAY-r{round}-d{deals.Count}";
                Tranche[] all = [new(id, $"{reference}-A", first), new(id, $"{reference}-B", due - first)];
                deals.Add(new RoundDeal(id, listing, buyer, seller, deal.GetProperty("quantity").GetDecimal(),
                    deal.GetProperty("shares").GetArrayLength(), deals.Count % 4 == 3 ? all[..1] : all));
            }
        return deals;
    }

    /// <summary>Each listing opened, closed, was awarded or not sold, publicised and concluded once; each award one deal.</summary>
    private static async Task<List<string>> TimedTransitionsOnceAsync(TestDatabase db, IReadOnlyList<RoundListing> listings, IReadOnlyList<RoundDeal> deals)
    {
        var problems = new List<string>();
        var counts = (await db.RowsAsync("""
                SELECT stream_id, type, count(*) FROM mt_events WHERE stream_id = ANY($1) GROUP BY 1, 2
                """, listings.Select(l => l.Id).ToArray()))
            .ToDictionary(r => ((Guid)r[0]!, (string)r[1]!), r => (long)r[2]!);
        var concludedDeals = (await db.RowsAsync("""
                SELECT data->>'escrowId', count(*), count(DISTINCT stream_id) FROM mt_events WHERE type = 'deal_concluded' GROUP BY 1
                """))
            .ToDictionary(r => Guid.Parse((string)r[0]!), r => ((long)r[1]!, (long)r[2]!));
        foreach (var listing in listings)
        {
            long Count(string type) => counts.GetValueOrDefault((listing.Id, type));
            var expected = new Dictionary<string, long>
            {
                ["listing_trading_opened"] = 1, ["listing_closed"] = 1,
                ["listing_provisionally_awarded"] = listing.Sold ? 1 : 0, ["listing_not_sold"] = listing.Sold ? 0 : 1,
                ["listing_result_publicised"] = listing.Sold ? 1 : 0, ["listing_concluded"] = listing.Sold ? 1 : 0,
                ["listing_deal_settled"] = deals.Count(d => d.ListingId == listing.Id && d.FullyPaid),
            };
            foreach (var (type, n) in expected)
                if (Count(type) != n) problems.Add($"listing {listing.Id} ({listing.Seller}, {(listing.Auction ? "auction" : "fixed price")}) has {Count(type)} {type}, not {n}");
            var awarded = deals.Count(d => d.ListingId == listing.Id);
            var concluded = concludedDeals.GetValueOrDefault(listing.Id);
            if (concluded != (awarded, awarded))
                problems.Add($"listing {listing.Id} has {awarded} awards but {concluded.Item1} deal_concluded over {concluded.Item2} deals");
        }
        return problems;
    }

    /// <summary>
    /// Each confirmed tranche recorded once; a fully paid deal paid and delivered once, share by share, and delivered in
    /// the API; a partly paid one neither.
    /// </summary>
    private static async Task<List<string>> DeliveriesAsync(TestDatabase db, TradingMarket market, IReadOnlyList<RoundDeal> deals)
    {
        var problems = new List<string>();
        var ids = deals.Select(d => d.Id).ToArray();
        var payments = (await db.RowsAsync("""
                SELECT stream_id, data->>'bankReference', count(*) FROM mt_events WHERE type = 'deal_payment_confirmed' AND stream_id = ANY($1) GROUP BY 1, 2
                """, ids))
            .ToDictionary(r => ((Guid)r[0]!, (string)r[1]!), r => (long)r[2]!);
        var events = (await db.RowsAsync("SELECT stream_id, type, count(*) FROM mt_events WHERE stream_id = ANY($1) GROUP BY 1, 2", ids))
            .ToDictionary(r => ((Guid)r[0]!, (string)r[1]!), r => (long)r[2]!);
        var sold = (await db.RowsAsync("""
                SELECT (data->>'dealId')::uuid, count(*), sum((data->'amount'->>'area')::numeric) FROM mt_events WHERE type = 'lot_quota_sold' GROUP BY 1
                """))
            .ToDictionary(r => (Guid)r[0]!, r => ((long)r[1]!, (decimal)r[2]!));
        foreach (var deal in deals)
        {
            var expectedPayments = deal.Tranches.Select(t => (deal.Id, t.BankReference)).ToHashSet();
            foreach (var key in expectedPayments.Where(k => payments.GetValueOrDefault(k) != 1))
                problems.Add($"deal {deal.Id}: payment {key.BankReference} recorded {payments.GetValueOrDefault(key)} times");
            foreach (var extra in payments.Keys.Where(k => k.Item1 == deal.Id && !expectedPayments.Contains(k)))
                problems.Add($"deal {deal.Id}: payment {extra.Item2} recorded, never confirmed");
            var once = deal.FullyPaid ? 1 : 0;
            foreach (var type in new[] { "deal_paid", "deal_delivered" })
                if (events.GetValueOrDefault((deal.Id, type)) != once)
                    problems.Add($"deal {deal.Id} ({(deal.FullyPaid ? "paid in full" : "partly paid")}) has {events.GetValueOrDefault((deal.Id, type))} {type}");
            var expectedSold = deal.FullyPaid ? ((long)deal.Shares, deal.Quantity) : (0, 0m);
            var (shares, area) = sold.GetValueOrDefault(deal.Id);
            if ((shares, area) != expectedSold)
                problems.Add($"deal {deal.Id}: {shares} lot_quota_sold of {area} mu, not {expectedSold.Item1} of {expectedSold.Item2}");
            var status = (await market.GetAsync($"/api/v1/trading/deals/{deal.Id}")).GetProperty("resource").GetProperty("status").GetString();
            if (status != (deal.FullyPaid ? "delivered" : "awaiting_payment"))
                problems.Add($"deal {deal.Id} ({(deal.FullyPaid ? "paid in full" : "partly paid")}) is {status} in the API");
        }
        return problems;
    }

    /// <summary>
    /// Per seller: sold = what its paid deals delivered, reserved = what its listings still hold in escrow. Per buyer:
    /// its lots (API) and balances hold what it bought.
    /// </summary>
    private static async Task<List<string>> QuotaAsync(TestDatabase db, TradingMarket market, IReadOnlyList<RoundListing> listings,
        IReadOnlyList<RoundDeal> deals, IReadOnlyList<Guid> buyers)
    {
        var problems = new List<string>();
        var balances = (await db.RowsAsync("SELECT holder, bucket, area FROM ql_balances WHERE kind = $1", TradingMarket.Kind))
            .ToDictionary(r => ((string)r[0]!, (string)r[1]!), r => (decimal)r[2]!);
        decimal Balance(string holder, string bucket) => balances.GetValueOrDefault((holder, bucket));
        var escrow = new Dictionary<string, decimal>();
        foreach (var listing in listings)
        {
            var held = (await market.GetAsync($"/api/v1/trading/listings/{listing.Id}")).GetProperty("resource").GetProperty("escrow")
                .EnumerateArray().Sum(e => e.GetProperty("quantity").GetDecimal());
            escrow[listing.Seller] = escrow.GetValueOrDefault(listing.Seller) + held;
        }
        foreach (var seller in Counties)
        {
            var delivered = deals.Where(d => d.Seller == seller && d.FullyPaid).Sum(d => d.Quantity);
            if (Balance(seller, "sold") != delivered) problems.Add($"{seller} sold {Balance(seller, "sold")} mu, its paid deals {delivered}");
            if (Balance(seller, "reserved") != escrow.GetValueOrDefault(seller))
                problems.Add($"{seller} has {Balance(seller, "reserved")} mu reserved, its listings hold {escrow.GetValueOrDefault(seller)} in escrow");
        }
        foreach (var buyer in buyers)
        {
            var bought = deals.Where(d => d.BuyerId == buyer && d.FullyPaid).Sum(d => d.Quantity);
            var holder = buyer.ToString();
            var lots = (await market.GetAsync($"/api/v1/holders/{holder}/lots?limit=100", Tokens.Buyer(buyer))).GetProperty("items").EnumerateArray()
                .Sum(l => l.GetProperty("resource").GetProperty("buckets").GetProperty("available").GetProperty("area").GetDecimal());
            if (lots != bought || Balance(holder, "available") != bought || Balance(holder, "received") != bought)
                problems.Add($"buyer {buyer} bought {bought} mu; its lots hold {lots}, its balances {Balance(holder, "available")} available of {Balance(holder, "received")} received");
        }
        return problems;
    }

    /// <summary>The centre's money journal: every account's balance together is 0.</summary>
    private static async Task<List<string>> MoneyBalancedAsync(TradingMarket market)
    {
        var balances = (await market.GetAsync("/api/v1/trading/money")).GetProperty("balances");
        var sum = balances.EnumerateObject().Sum(p => p.Value.GetDecimal());
        return sum == 0 ? [] : [$"the money journal's balances add up to {sum}, not 0: {balances}"];
    }
}
