using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Parameters;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Parameters;
using static QuotaLedger.Api.Tests.Trading.TradingSteps;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// Floor prices and terms are data the centre sets from a day on; every user, buyers included, reads them. The tests
/// change the region's one parameters stream, so they run on a database of their own (this class's fixture); only the
/// first writes, so neither depends on the other's order.
/// </summary>
public sealed class TradingParametersTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private static string On(DateOnly day) => $"{Parameters}?on={day:yyyy-MM-dd}";

    [Fact]
    public async Task A_set_applies_from_its_day_and_a_later_set_replaces_it_from_its_own()
    {
        var today = api.Clock.Today;
        var buyer = api.Buyer(await api.Centre().RegisterBuyerAsync());
        var never = await buyer.GetAsync(Parameters);
        Assert.Equal("\"0\"", never.ETag());
        Assert.Null((await never.ReadAsync<TradingParametersView>()).InForce);

        await api.Centre().SetTradingParametersAsync(today);
        var dearer = DefaultFloors.Select(f => f with { UnitPrice = f.UnitPrice * 2 }).ToArray();
        var later = await api.Centre().SetTradingParametersAsync(today.AddDays(10), dearer, DefaultTerms with { DepositPercent = 30m },
            "floors doubled for the second half");
        Assert.Equal(2, later.Version);

        var now = await buyer.GetAsync<TradingParametersView>(Parameters);
        Assert.Equal(today, now.On);
        Assert.Equal(new TradingParameterSet(DefaultFloors, DefaultTerms, today), now.InForce, SetComparer.Instance);
        Assert.Equal(2, now.Sets.Count);
        Assert.Contains(now.History, e => e.Type == "trading_parameters_set" && e.Reason == "floors doubled for the second half");

        var tenDays = await buyer.GetAsync<TradingParametersView>(On(today.AddDays(10)));
        Assert.Equal(today.AddDays(10), tenDays.InForce!.EffectiveFrom);
        Assert.Equal(20_000m, tenDays.InForce.FloorFor(QuotaKind.Replenishment, PricedMeasure.Area));
        Assert.Equal(30m, tenDays.InForce.Terms.DepositPercent);
        Assert.Equal(today, (await buyer.GetAsync<TradingParametersView>(On(today.AddDays(9)))).InForce!.EffectiveFrom);
        Assert.Null((await buyer.GetAsync<TradingParametersView>(On(today.AddDays(-1)))).InForce);
    }

    [Fact]
    public async Task A_set_from_a_past_day_from_a_county_on_a_stale_version_or_with_bad_values_is_refused_and_writes_nothing()
    {
        var today = api.Clock.Today;
        var centre = api.Centre();
        var events = await api.EventCountAsync();

        await (await centre.PostJsonAsync(Parameters, ParametersBody(today.AddDays(-1))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "retroactive-policy");
        await (await api.County("150102").PostJsonAsync(Parameters, ParametersBody(today)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Prefecture("150100").PostJsonAsync(Parameters, ParametersBody(today)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await centre.PostJsonAsync(Parameters, ParametersBody(today), ifMatch: "\"7\""))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");

        var bad = new TradingTerms(DepositPercent: -1, IncrementPercent: 5.125m, CapPercent: TradingTerms.MaxPercent + 1, NoticeDays: -1,
            PublicityDays: TradingTerms.MaxDays + 1, PaymentDays: 0, ExtensionMinutes: TradingTerms.MaxExtensionMinutes + 1, DefaultBarDays: -1);
        await (await centre.PostJsonAsync(Parameters, ParametersBody(today, terms: bad, reason: "")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation",
                "terms.depositPercent", "terms.incrementPercent", "terms.capPercent", "terms.noticeDays", "terms.publicityDays",
                "terms.paymentDays", "terms.extensionMinutes", "terms.defaultBarDays", "reason");
        FloorPrice[] badFloors = [new(QuotaKind.Replenishment, PricedMeasure.Area, -1m), new(QuotaKind.Replenishment, PricedMeasure.Grain, 2.001m)];
        await (await centre.PostJsonAsync(Parameters, ParametersBody(today, badFloors)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "floorPrices[0].unitPrice", "floorPrices[1].unitPrice");

        // Linkage surplus quota carries area only (R1), and one kind and measure has one floor.
        await (await centre.PostJsonAsync(Parameters, ParametersBody(today, [new(QuotaKind.LinkageSurplus, PricedMeasure.Grain, 1m)])))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-amount");
        await (await centre.PostJsonAsync(Parameters, ParametersBody(today, [DefaultFloors[0], DefaultFloors[0] with { UnitPrice = 1m }])))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-amount");

        Assert.Equal(events, await api.EventCountAsync());
    }

    /// <summary>Sets compare by their members: the floor lists are lists, not one reference.</summary>
    private sealed class SetComparer : IEqualityComparer<TradingParameterSet?>
    {
        public static readonly SetComparer Instance = new();

        public bool Equals(TradingParameterSet? x, TradingParameterSet? y) =>
            x is not null && y is not null && x.FloorPrices.SequenceEqual(y.FloorPrices) && x.Terms == y.Terms && x.EffectiveFrom == y.EffectiveFrom;

        public int GetHashCode(TradingParameterSet? set) => set?.EffectiveFrom.GetHashCode() ?? 0;
    }
}
