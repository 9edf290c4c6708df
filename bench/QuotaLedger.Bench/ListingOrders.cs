using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Bench;

/// <summary>
/// Fixed-price listings traded through the API, one per recorded concurrency and one for the warm-up, so that each
/// phase starts on a listing with no orders (a listing's state holds its orders, and grows with them).
/// </summary>
/// <param name="Listings">The listings' ids: the warm-up's first, then one per concurrency level.</param>
/// <param name="BuyerTokens">One buyer per client of the highest concurrency, each with a confirmed deposit on every listing.</param>
public sealed record FixedPriceMarket(string[] Listings, string[] BuyerTokens, DateTimeOffset TradingStart);

public sealed partial class Bench
{
    /// <summary>Mu per listing: 100,000 orders of <see cref="OrderQuantity"/>, far more than a phase places.</summary>
    public const decimal ListingQuantity = 10m;

    /// <summary>Mu per order, the smallest area quota is kept to (R1): the listing stays open for the whole phase.</summary>
    public const decimal OrderQuantity = 0.0001m;

    private const string UnitPrice = "320000";

    private static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// Through the API, as a buyer's walk in the README: trading parameters with no notice period, <paramref name="buyers"/>
    /// registered buyers, a lot of <see cref="ListingQuantity"/> mu stored per listing in the seller county, each listing
    /// drafted, consented to, submitted and published (a second centre user), each buyer's deposit declared and
    /// confirmed. Trading opens <paramref name="lead"/> after the drafts, by the service's trading clock.
    /// </summary>
    public async Task<FixedPriceMarket> OpenFixedPriceMarketAsync(int listings, int buyers, TimeSpan lead)
    {
        var reviewer = mintToken(Role.Centre, RegionCatalog.RegionCode, "bench-centre-reviewer");
        var seller = counties[0];
        var sellerToken = countyTokens[seller];
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await RequireAsync("set trading parameters", PostAsync("/api/v1/trading/parameters", centreToken, $$$"""
            {"floorPrices":[{"kind":"replenishment","measure":"area","unitPrice":300000},{"kind":"replenishment","measure":"grain","unitPrice":60},
             {"kind":"replenishment","measure":"paddy","unitPrice":400000},{"kind":"linkage_surplus","measure":"area","unitPrice":300000}],
             "terms":{"depositPercent":20,"incrementPercent":5,"capPercent":150,"noticeDays":0,"publicityDays":0,"paymentDays":10,
             "extensionMinutes":5,"defaultBarDays":180},"effectiveFrom":"{{{today}}}","reason":"benchmark terms"}
            """));

        var buyerTokens = new string[buyers];
        for (var i = 0; i < buyers; i++)
        {
            var id = await RequireAsync("register a buyer", PostAsync("/api/v1/trading/buyers", centreToken,
                $$$"""{"provinceCode":"330000","name":"bench buyer {{{i + 1}}}","contact":"0571-00000000"}"""));
            buyerTokens[i] = mintToken(Role.Buyer, id, $"bench-buyer-{i + 1}");
        }

        var now = DateTimeOffset.UtcNow;
        var tradingStart = now + lead;
        var ids = new string[listings];
        for (var l = 0; l < listings; l++)
        {
            var project = await RequireAsync("store quota: project", PostAsync("/api/v1/projects", sellerToken, $$$"""
                {"county":"{{{seller}}}","kind":"replenishment","name":"bench listing lot {{{l + 1}}}","landSource":"unused_land","slopeDegrees":3,
                 "inEcologicalRedLine":false,"planned":{"area":{{{ListingQuantity + 2}}},"grainCapacity":6000,"paddyArea":0}}
                """));
            var application = await RequireAsync("store quota: application", PostAsync("/api/v1/storage-applications", sellerToken, $$$"""
                {"projectId":"{{{project}}}","verified":{"area":{{{ListingQuantity + 2}}},"grainCapacity":6000,"paddyArea":0},"qualityGrade":7,
                 "acceptedOn":"{{{Today}}}","landTypeChangedOn":"{{{Before}}}"}
                """));
            await RequireAsync("store quota: approve", PostAsync($"/api/v1/storage-applications/{application}/approve", centreToken,
                """{"reason":"benchmark listing lot"}"""));
            var listing = ids[l] = await RequireAsync("draft a listing", PostAsync("/api/v1/trading/listings", centreToken, $$$"""
                {"seller":"{{{seller}}}","kind":"replenishment","measure":"area","quantity":{{{ListingQuantity}}},"mode":"fixed_price",
                 "startPrice":{{{UnitPrice}}},"noticeStart":"{{{Instant(now)}}}","tradingStart":"{{{Instant(tradingStart)}}}",
                 "tradingEnd":"{{{Instant(now.AddHours(6))}}}"}
                """));
            await RequireAsync("consent", PostAsync($"/api/v1/trading/listings/{listing}/consent", sellerToken, "{}"));
            await RequireAsync("submit", PostAsync($"/api/v1/trading/listings/{listing}/submit", centreToken, "{}"));
            await RequireAsync("publish", PostAsync($"/api/v1/trading/listings/{listing}/publish", reviewer, "{}"));
            for (var b = 0; b < buyers; b++)
            {
                var deposit = await RequireAsync("declare a deposit", PostAsync($"/api/v1/trading/listings/{listing}/deposit", buyerTokens[b],
                    $$$"""{"bankReference":"BENCH-DEP-{{{l + 1}}}-{{{b + 1}}}"}"""));
                await RequireAsync("confirm a deposit", PostAsync($"/api/v1/trading/deposits/{deposit}/confirm", reviewer, "{}"));
            }
        }
        if (DateTimeOffset.UtcNow > tradingStart)
            throw new BenchFailure($"setting up the listings took longer than the {lead.TotalSeconds} s before trading: publishing came too late");
        return new FixedPriceMarket(ids, buyerTokens, tradingStart);
    }

    /// <summary>Waits (at most two minutes past its start) until the trading clock has opened every listing.</summary>
    public async Task WaitForTradingAsync(FixedPriceMarket market)
    {
        var watch = Stopwatch.StartNew();
        foreach (var listing in market.Listings)
            while ((await ListingAsync(listing)).Status != "trading")
            {
                if (DateTimeOffset.UtcNow > market.TradingStart.AddMinutes(2))
                    throw new BenchFailure($"listing {listing} did not open for trading within two minutes of its start");
                await Task.Delay(500);
            }
        if (watch.Elapsed > TimeSpan.FromSeconds(1)) Console.WriteLine($"waited {watch.Elapsed.TotalSeconds:0.0} s for trading to open");
    }

    /// <summary>One order of <see cref="OrderQuantity"/> mu by the worker's buyer.</summary>
    public async Task<string?> OrderAsync(string listing, string buyerToken)
    {
        var (status, order) = await PostAsync($"/api/v1/trading/listings/{listing}/orders", buyerToken,
            $$$"""{"quantity":{{{OrderQuantity}}}}""");
        return order is null ? $"order {status}" : null;
    }

    /// <summary>A listing's status and the mu it still offers, as the centre sees it.</summary>
    public async Task<(string Status, decimal Remaining)> ListingAsync(string listing)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/trading/listings/{listing}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", centreToken);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new BenchFailure($"GET listing {listing}: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        var resource = doc.RootElement.GetProperty("resource");
        return (resource.GetProperty("status").GetString()!, resource.GetProperty("remaining").GetDecimal());
    }

    private static async Task<string> RequireAsync(string step, Task<(int Status, string? Id)> post)
    {
        var (status, id) = await post;
        return id ?? throw new BenchFailure($"trading set-up failed at '{step}': {status}");
    }
}
