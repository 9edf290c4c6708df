using System.Net;
using System.Text.Json;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Deals;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using static QuotaLedger.Api.Tests.Support.Steps;
using static QuotaLedger.Api.Tests.Trading.DealSteps;
using static QuotaLedger.Api.Tests.Trading.TradingSteps;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// A payment deadline passing unmet (the trading clock's timed command): the deal defaults once, the escrow goes back to
/// the seller, and the buyer is barred for the bar days of the terms.
/// </summary>
public sealed class DealDefaultTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.Replenishment;
    private const string Saihan = "150105";   // 赛罕区
    private const string Donghe = "150202";   // 东河区

    private readonly HttpClient centre = api.Centre("agreement-reviewer");

    [Fact]
    public async Task After_the_deadline_the_deal_defaults_the_escrow_returns_to_the_seller_and_the_buyer_is_barred()
    {
        await centre.SetTradingParametersAsync(api.Clock.Today);
        await api.IssueLotAsync(Saihan, Kind, Replenishment(30, 10_000, 4));
        var buyerId = await centre.RegisterBuyerAsync("420000", "Hubei land reserve centre");
        var dealId = await api.ConcludeAgreementAsync("IM-HB-2026-001", Saihan, buyerId, 25, 10_000m, TimeSpan.FromDays(10));
        var due = (await centre.DealAsync(dealId)).Tranches.Single().DueAt;
        Assert.Equal(Area(25), (await centre.BalanceAsync(Saihan, Kind)).Reserved);

        // Before the deadline the clock's command is refused and records nothing.
        var early = await Assert.ThrowsAsync<RuleViolationException>(() => api.RunTimedAsync(new DefaultDeal(dealId)));
        Assert.Equal(Rule.InvalidSchedule, early.Rule);

        api.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromSeconds(30));
        var result = await api.RunTimedAsync(new DefaultDeal(dealId));

        var deal = await centre.GetAsync<ResourceView<Deal>>(DealPath(dealId));
        Assert.Equal((DealStatus.Defaulted, result.Version), (deal.Resource.Status, deal.Version));
        var defaulted = ((JsonElement)deal.History!.Last().Data).Deserialize<DealDefaulted>(Json.Options)!;
        Assert.Equal((due, false, 0m), (defaulted.DueAt, defaulted.RecordedLate, defaulted.DepositForfeited));
        Assert.Equal("trading-clock", deal.History!.Last().Actor);
        var seller = await centre.BalanceAsync(Saihan, Kind);
        Assert.Equal((Replenishment(30, 10_000, 4), Measures.Zero, Measures.Zero), (seller.Available, seller.Reserved, seller.Sold));

        var buyer = (await centre.GetAsync<ResourceView<Buyer>>(BuyerPath(buyerId))).Resource;
        Assert.Equal((RestrictionKind.Barred, (DateOnly?)api.Clock.Today.AddDays(DefaultTerms.DefaultBarDays), (Guid?)dealId),
            (buyer.Restriction!.Kind, buyer.Restriction.Until, buyer.Restriction.DealId));

        // Barred: its next agreement is refused; a payment for the defaulted deal too.
        await (await api.Centre("agreement-recorder").PostJsonAsync(Agreements,
                AgreementBody("IM-HB-2026-002", Saihan, buyerId, 1, 10_000m, [new(api.Clock.Now.AddDays(5), 10_000m)], api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "buyer-barred");
        await (await centre.ConfirmPaymentAsync(dealId, "late-transfer", 250_000m)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await api.Buyer(buyerId).GetAsync($"{DealPath(dealId)}/delivery")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task The_default_sent_twice_at_once_happens_once_and_a_paid_deal_never_defaults()
    {
        await centre.SetTradingParametersAsync(api.Clock.Today);
        await api.IssueLotAsync(Donghe, Kind, Replenishment(20, 10_000, 4));
        var buyerId = await centre.RegisterBuyerAsync("500000", "Chongqing land reserve centre");
        var unpaid = await api.ConcludeAgreementAsync("IM-CQ-2026-001", Donghe, buyerId, 3.3333m, 10_000m, TimeSpan.FromDays(2));
        var paid = await api.ConcludeAgreementAsync("IM-CQ-2026-002", Donghe, buyerId, 1.5m, 10_000m, TimeSpan.FromDays(2));
        await (await centre.ConfirmPaymentAsync(paid, "CCB-CQ-1", 15_000m)).ReadAsync<CommandResult>();
        var defaultedBefore = await api.EventCountAsync("deal_defaulted");
        var barredBefore = await api.EventCountAsync("buyer_barred");
        var releasedBefore = await api.EventCountAsync("lot_reservation_released");

        api.Clock.Advance(TimeSpan.FromDays(3));
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.RunTimedAsync(new DefaultDeal(unpaid))));

        Assert.Single(results.Select(r => r.Version).Distinct());
        Assert.Equal(defaultedBefore + 1, await api.EventCountAsync("deal_defaulted"));
        Assert.Equal(barredBefore + 1, await api.EventCountAsync("buyer_barred"));
        Assert.Equal(releasedBefore + 1, await api.EventCountAsync("lot_reservation_released"));
        var late = ((JsonElement)(await centre.GetAsync<ResourceView<Deal>>(DealPath(unpaid))).History!.Last().Data).Deserialize<DealDefaulted>(Json.Options)!;
        Assert.True(late.RecordedLate, "a default recorded a day after its deadline says it was late");
        var seller = await centre.BalanceAsync(Donghe, Kind);
        Assert.Equal((Replenishment(18.5m, 10_000, 4), Measures.Zero, Area(1.5m)), (seller.Available, seller.Reserved, seller.Sold));

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => api.RunTimedAsync(new DefaultDeal(paid)));
        Assert.Equal(Rule.InvalidState, refused.Rule);
        Assert.Equal(DealStatus.Delivered, (await centre.DealAsync(paid)).Status);
    }

    [Fact]
    public async Task The_centre_declares_a_default_once_the_deadline_has_passed_and_no_one_else_may()
    {
        await centre.SetTradingParametersAsync(api.Clock.Today);
        await api.IssueLotAsync("150121", Kind, Replenishment(10, 5_000, 0));
        var buyerId = await centre.RegisterBuyerAsync("610000", "Shaanxi land reserve centre");
        var dealId = await api.ConcludeAgreementAsync("IM-SN-2026-001", "150121", buyerId, 4, 10_000m, TimeSpan.FromDays(7));
        var declare = $"{DealPath(dealId)}/default";

        await (await centre.PostJsonAsync(declare, null)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-schedule");
        api.Clock.Advance(TimeSpan.FromDays(8));
        await (await api.Buyer(buyerId).PostJsonAsync(declare, null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await centre.PostJsonAsync(declare, null)).ReadAsync<CommandResult>();

        var deal = await centre.GetAsync<ResourceView<Deal>>(DealPath(dealId));
        Assert.Equal((DealStatus.Defaulted, "agreement-reviewer"), (deal.Resource.Status, deal.History!.Last().Actor));
    }
}
