using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Listings;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>The steps of listings and deposits, each one request that must succeed (see <see cref="Steps"/>).</summary>
public static class ListingSteps
{
    public const string Listings = "/api/v1/trading/listings";
    public const string Deposits = "/api/v1/trading/deposits";
    public const string Drafter = "centre-drafter";

    public static string ListingPath(Guid id) => $"{Listings}/{id}";

    /// <summary>A listing of area announced now, trading from the end of the default 5 days of notice for a day.</summary>
    public static object ListingBody(LedgerApi api, string seller, decimal quantity, ListingMode mode = ListingMode.FixedPrice,
        decimal startPrice = 12_000m, QuotaKind kind = QuotaKind.Replenishment, PricedMeasure measure = PricedMeasure.Area,
        decimal? cap = null, decimal? reserve = null, decimal? deposit = null, IReadOnlyList<Guid>? eligibleBuyers = null, decimal? increment = null)
    {
        var notice = api.Clock.Now;
        return new
        {
            Seller = seller, Kind = kind, Measure = measure, Quantity = quantity, Mode = mode, StartPrice = startPrice,
            NoticeStart = notice, TradingStart = notice.AddDays(5), TradingEnd = notice.AddDays(6),
            Increment = increment, Cap = cap, Reserve = reserve, Deposit = deposit, EligibleBuyers = eligibleBuyers,
        };
    }

    public static async Task<Guid> DraftListingAsync(this LedgerApi api, object body) =>
        (await (await api.Centre(Drafter).PostJsonAsync(Listings, body)).ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;

    public static async Task<CommandResult> ListingStepAsync(this HttpClient client, Guid id, string step, object? body = null) =>
        await (await client.PostJsonAsync($"{ListingPath(id)}/{step}", body)).ReadAsync<CommandResult>();

    /// <summary>Drafted, consented to by a county seller, submitted, published by a second centre user: announced, in escrow.</summary>
    public static async Task<Guid> PublishedListingAsync(this LedgerApi api, object body)
    {
        var id = await api.DraftListingAsync(body);
        var listing = await api.GetListingAsync(id);
        if (listing.Seller != "150000") await api.County(listing.Seller).ListingStepAsync(id, "consent");
        await api.Centre(Drafter).ListingStepAsync(id, "submit");
        await api.Centre().ListingStepAsync(id, "publish");
        return id;
    }

    /// <summary>Announced, then the clock moved to the start of trading and trading opened.</summary>
    public static async Task<Guid> TradingListingAsync(this LedgerApi api, object body)
    {
        var id = await api.PublishedListingAsync(body);
        var listing = await api.GetListingAsync(id);
        api.Clock.Advance(listing.Terms.TradingStart - api.Clock.Now);
        await api.RunTimedAsync(new OpenListingTrading(id));
        return id;
    }

    public static async Task<ListingDetail> GetListingAsync(this LedgerApi api, Guid id) =>
        (await api.Centre().GetAsync<ResourceView<ListingDetail>>(ListingPath(id))).Resource;

    /// <summary>The buyer declares its deposit and the centre confirms it; answers the deposit's id.</summary>
    public static async Task<Guid> PayDepositAsync(this LedgerApi api, Guid listingId, Guid buyerId)
    {
        var declared = await (await api.Buyer(buyerId).PostJsonAsync($"{ListingPath(listingId)}/deposit", new { BankReference = $"DEP-{buyerId:N}" }))
            .ReadAsync<CommandResult>(HttpStatusCode.Created);
        Assert.Equal(Deposit.IdFor(listingId, buyerId), declared.Id);
        await (await api.Centre().PostJsonAsync($"{Deposits}/{declared.Id}/confirm", null)).ReadAsync<CommandResult>();
        return declared.Id;
    }

    public static Task<HttpResponseMessage> OrderAsync(this HttpClient buyer, Guid listingId, decimal quantity) =>
        buyer.PostJsonAsync($"{ListingPath(listingId)}/orders", new { Quantity = quantity });

    public static Task<HttpResponseMessage> BidAsync(this HttpClient buyer, Guid listingId, decimal unitPrice) =>
        buyer.PostJsonAsync($"{ListingPath(listingId)}/bids", new { UnitPrice = unitPrice });

    /// <summary>Parameters in force from today, and a registered buyer per name given.</summary>
    public static async Task<Guid[]> GivenTradingAsync(this LedgerApi api, int buyers)
    {
        var centre = api.Centre();
        await centre.SetTradingParametersAsync(api.Clock.Today);
        var ids = new Guid[buyers];
        for (var i = 0; i < buyers; i++) ids[i] = await centre.RegisterBuyerAsync();
        return ids;
    }
}
