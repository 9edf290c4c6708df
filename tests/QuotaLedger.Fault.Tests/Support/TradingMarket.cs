using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>One listing of a crash round: who sells it, by auction or at a fixed price, and whether buyers trade on it.</summary>
public sealed record RoundListing(Guid Id, string Seller, bool Auction, bool Sold);

/// <summary>A payment the centre confirms: one tranche of a deal's amount due under its bank reference.</summary>
public sealed record Tranche(Guid DealId, string BankReference, decimal Amount);

/// <summary>
/// Trading over a <see cref="ServiceProcess"/> that a test SIGKILLs: every command carries its own Idempotency-Key and
/// is resent with it, once the service is back, until its answer is known, as a client that lost the answer would.
/// Kills are placed by what the store shows: once the trading clock has done part of a batch of timed transitions,
/// or once part of the confirmed payments has delivered. <paramref name="random"/> (seeded) places the kills only: the
/// clients' retry pauses, drawn concurrently, are not part of what a seed replays.
/// </summary>
public sealed class TradingMarket(ApiClient api, ServiceProcess service, TestDatabase db, Random random, string runId, Action<string> log)
{
    public const string Kind = "replenishment";
    public const decimal Quantity = 10m;
    public const decimal StartPrice = 320_000m;
    private const string Drafter = "centre-drafter";

    private readonly ConcurrentQueue<CommandRecord> records = new();
    private readonly ConcurrentQueue<string> violations = new();
    private volatile bool up = true;
    private int sequence;

    public IReadOnlyCollection<CommandRecord> Records => records;

    /// <summary>Answers that no kill explains (anything but a 2xx once the service answered).</summary>
    public IReadOnlyCollection<string> Violations => violations;

    public int Kills { get; private set; }

    /// <summary>Requests the kills cut (no response), each resent afterwards with its key.</summary>
    public int Cut => records.Sum(r => r.Attempts.Count(a => a.NoResponse));

    // ---------------------------------------------------------------- commands

    /// <summary>Sends a command and resends it with the same key until the service answers; a definite answer must be a 2xx.</summary>
    public async Task<Outcome> CommandAsync(string operation, string path, string token, object? body)
    {
        var key = $"{runId}-{Interlocked.Increment(ref sequence)}";
        var record = new CommandRecord(key, operation, path, body is null ? "{}" : JsonSerializer.Serialize(body), token);
        records.Enqueue(record);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            while (!up) await Task.Delay(50);
            var outcome = await api.PostAsync(record.Path, record.Token, record.Body, record.Key);
            lock (record.Attempts) record.Attempts.Add(outcome);
            if (!record.Unknown)
            {
                if (!outcome.IsSuccess) violations.Enqueue($"{record}");
                return outcome;
            }
            if (outcome.TimedOut || DateTime.UtcNow > deadline)
            {
                violations.Enqueue($"no definite answer: {record}");
                return outcome;
            }
            await Task.Delay(Random.Shared.Next(50, 200));
        }
    }

    public async Task<Guid> CreatedAsync(string operation, string path, string token, object? body)
    {
        var outcome = await CommandAsync(operation, path, token, body);
        Assert.True(outcome.IsSuccess, $"{operation} failed: {outcome}");
        return outcome.CommandResult().Id;
    }

    public async Task<JsonElement> GetAsync(string path, string? token = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            while (!up) await Task.Delay(50);
            var outcome = await api.GetAsync(path, token ?? Tokens.Centre());
            if (outcome.Status == 200) return outcome.Json;
            Assert.True(outcome.NoResponse && attempt < 100, $"GET {path} answered {outcome}");
            await Task.Delay(100);
        }
    }

    // ---------------------------------------------------------------- the market

    /// <summary>Floors below the prices used, 0 days of notice and publicity (all of it happens within a minute), no extension window.</summary>
    public Task<Outcome> SetParametersAsync() =>
        CommandAsync("set-parameters", "/api/v1/trading/parameters", Tokens.Centre(), new
        {
            floorPrices = new[] { new { kind = Kind, measure = "area", unitPrice = 300_000m } },
            terms = new
            {
                depositPercent = 20m, incrementPercent = 5m, capPercent = 150m, noticeDays = 0, publicityDays = 0, paymentDays = 10,
                extensionMinutes = 0, defaultBarDays = 180,
            },
            effectiveFrom = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            reason = "fault suite: trading within a minute",
        });

    public async Task<Guid[]> RegisterBuyersAsync(int count)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
            ids[i] = await CreatedAsync("register-buyer", "/api/v1/trading/buyers", Tokens.Centre(),
                new { provinceCode = "330000", name = $"Zhejiang buyer {i}", contact = "trading desk" });
        return ids;
    }

    /// <summary>Drafted, consented to by its county, submitted, published by a second centre user: in escrow, trading at <paramref name="start"/>.</summary>
    public async Task<Guid> PublishListingAsync(string seller, bool auction, DateTimeOffset start, DateTimeOffset end)
    {
        var id = await CreatedAsync("draft-listing", "/api/v1/trading/listings", Tokens.Centre(Drafter), new
        {
            seller, kind = Kind, measure = "area", quantity = Quantity, mode = auction ? "auction" : "fixed_price", startPrice = StartPrice,
            noticeStart = Timestamp(DateTimeOffset.UtcNow), tradingStart = Timestamp(start), tradingEnd = Timestamp(end),
        });
        await CreatedAsync("consent", $"/api/v1/trading/listings/{id}/consent", Tokens.County(seller), null);
        await CreatedAsync("submit", $"/api/v1/trading/listings/{id}/submit", Tokens.Centre(Drafter), null);
        await CreatedAsync("publish", $"/api/v1/trading/listings/{id}/publish", Tokens.Centre(), null);
        return id;
    }

    /// <summary>The buyer declares its deposit and the centre confirms it.</summary>
    public async Task PayDepositAsync(Guid listing, Guid buyer)
    {
        var deposit = await CreatedAsync("declare-deposit", $"/api/v1/trading/listings/{listing}/deposit", Tokens.Buyer(buyer),
            new { bankReference = $"DEP-{runId}-{Interlocked.Increment(ref sequence)}" });
        await CreatedAsync("confirm-deposit", $"/api/v1/trading/deposits/{deposit}/confirm", Tokens.Centre(), null);
    }

    public Task<Outcome> OrderAsync(Guid listing, Guid buyer, decimal quantity) =>
        CommandAsync("order", $"/api/v1/trading/listings/{listing}/orders", Tokens.Buyer(buyer), new { quantity });

    public Task<Outcome> BidAsync(Guid listing, Guid buyer, decimal unitPrice) =>
        CommandAsync("bid", $"/api/v1/trading/listings/{listing}/bids", Tokens.Buyer(buyer), new { unitPrice });

    public Task<Outcome> PublicizeAsync(Guid listing) =>
        CommandAsync("publicize-result", $"/api/v1/trading/listings/{listing}/publicize-result", Tokens.Centre(), null);

    public Task<Outcome> ConfirmPaymentAsync(Tranche tranche, string? operation = null) =>
        CommandAsync(operation ?? "confirm-payment", $"/api/v1/trading/deals/{tranche.DealId}/payments", Tokens.Centre(),
            new { bankReference = tranche.BankReference, amount = tranche.Amount });

    public async Task<string> StatusAsync(Guid listing) =>
        (await GetAsync($"/api/v1/trading/listings/{listing}")).GetProperty("resource").GetProperty("status").GetString()!;

    /// <summary>Polls until every listing is in one of <paramref name="statuses"/>; fails after <paramref name="limit"/>.</summary>
    public async Task AwaitStatusAsync(IEnumerable<Guid> listings, TimeSpan limit, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + limit;
        foreach (var listing in listings)
            while (true)
            {
                var status = await StatusAsync(listing);
                if (statuses.Contains(status)) break;
                Assert.True(DateTime.UtcNow < deadline,
                    $"listing {listing} is {status}, not {string.Join("/", statuses)}, {limit} after it was due:\n{service.RecentOutput(30)}");
                await Task.Delay(200);
            }
    }

    // ---------------------------------------------------------------- kills

    /// <summary>
    /// SIGKILLs the service once <paramref name="progress"/> (read from the store) reaches <paramref name="atLeast"/>, or
    /// after <paramref name="limit"/> if it never does, and starts it again after a random pause.
    /// </summary>
    public async Task KillWhenAsync(string what, Func<Task<long>> progress, long atLeast, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        long reached;
        while ((reached = await progress()) < atLeast && DateTime.UtcNow < deadline) await Task.Delay(15);
        service.Kill();
        up = false;
        Kills++;
        log($"kill {Kills}: SIGKILL {what} with {await progress()} done ({reached} seen, {atLeast} awaited)");
        await Task.Delay(random.Next(0, 500));
        await service.StartAsync();
        up = true;
        log($"restarted on {service.BaseAddress}; {await progress()} done");
    }

    /// <summary>How many events of a type the store holds for the given streams.</summary>
    public Task<long> EventsAsync(string type, IEnumerable<Guid> streams) =>
        db.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type = $1 AND stream_id = ANY($2)", type, streams.ToArray());

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
