using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Parameters;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>The trading steps users take, each one request that must succeed (see <see cref="Steps"/>).</summary>
public static class TradingSteps
{
    public const string Buyers = "/api/v1/trading/buyers";
    public const string Parameters = "/api/v1/trading/parameters";

    public static string BuyerPath(Guid buyerId) => $"{Buyers}/{buyerId}";

    /// <summary>Floor prices for every kind and measure that can be sold, in yuan per mu or per kg.</summary>
    public static readonly IReadOnlyList<FloorPrice> DefaultFloors =
    [
        new(QuotaKind.Replenishment, PricedMeasure.Area, 10_000m),
        new(QuotaKind.Replenishment, PricedMeasure.Grain, 2m),
        new(QuotaKind.Replenishment, PricedMeasure.Paddy, 20_000m),
        new(QuotaKind.LinkageSurplus, PricedMeasure.Area, 50_000m),
    ];

    /// <summary>Hunan's terms: deposit 20%, increment 5%, cap 150%; 5 days of notice and of publicity, 10 to pay, 5 minutes of extension, 180 days barred.</summary>
    public static readonly TradingTerms DefaultTerms = new(
        DepositPercent: 20m, IncrementPercent: 5m, CapPercent: 150m,
        NoticeDays: 5, PublicityDays: 5, PaymentDays: 10, ExtensionMinutes: 5, DefaultBarDays: 180);

    public static object ParametersBody(DateOnly effectiveFrom, IReadOnlyList<FloorPrice>? floors = null, TradingTerms? terms = null,
        string reason = "floor prices and terms of the year") =>
        new { FloorPrices = floors ?? DefaultFloors, Terms = terms ?? DefaultTerms, EffectiveFrom = effectiveFrom, Reason = reason };

    /// <summary>The centre sets trading parameters from <paramref name="effectiveFrom"/> (the defaults unless given).</summary>
    public static async Task<CommandResult> SetTradingParametersAsync(this HttpClient centre, DateOnly effectiveFrom,
        IReadOnlyList<FloorPrice>? floors = null, TradingTerms? terms = null, string reason = "floor prices and terms of the year") =>
        await (await centre.PostJsonAsync(Parameters, ParametersBody(effectiveFrom, floors, terms, reason))).ReadAsync<CommandResult>();

    public static object BuyerBody(string provinceCode = "330000", string name = "Zhejiang land reserve centre",
        string contact = "trading desk, +86 571 0000 0000") =>
        new { ProvinceCode = provinceCode, Name = name, Contact = contact };

    /// <summary>The centre registers a buyer; answers its id, the organisation of its users' tokens.</summary>
    public static async Task<Guid> RegisterBuyerAsync(this HttpClient centre, string provinceCode = "330000",
        string name = "Zhejiang land reserve centre", string contact = "trading desk, +86 571 0000 0000") =>
        (await (await centre.PostJsonAsync(Buyers, BuyerBody(provinceCode, name, contact))).ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;

    /// <summary>A client of a user of the buyer: role buyer, organisation the buyer's id.</summary>
    public static HttpClient Buyer(this LedgerApi api, Guid buyerId, string? user = null) =>
        api.As("buyer", Domain.Trading.Buyers.Buyer.HolderOf(buyerId), user);

    public static async Task<CommandResult> SuspendBuyerAsync(this HttpClient centre, Guid buyerId, DateOnly? until = null,
        string reason = "bank reference under review") =>
        await (await centre.PostJsonAsync($"{BuyerPath(buyerId)}/suspend", new { Reason = reason, Until = until })).ReadAsync<CommandResult>();

    public static async Task<CommandResult> BarBuyerAsync(this HttpClient centre, Guid buyerId, DateOnly? until = null,
        string reason = "forged bank reference") =>
        await (await centre.PostJsonAsync($"{BuyerPath(buyerId)}/bar", new { Reason = reason, Until = until })).ReadAsync<CommandResult>();

    public static async Task<CommandResult> ReinstateBuyerAsync(this HttpClient centre, Guid buyerId, string reason = "cleared on review") =>
        await (await centre.PostJsonAsync($"{BuyerPath(buyerId)}/reinstate", new { Reason = reason })).ReadAsync<CommandResult>();
}
