using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Deals;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Agreements;
using QuotaLedger.Domain.Trading.Deals;
using static QuotaLedger.Api.Tests.Support.Steps;
using static QuotaLedger.Api.Tests.Trading.DealSteps;
using static QuotaLedger.Api.Tests.Trading.TradingSteps;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// A point-to-point agreement (点对点) through HTTP: recorded, reviewed by a second centre user, escrowed, paid in
/// tranches confirmed by bank reference, and delivered into the buyer's holding with its provenance, once.
/// </summary>
public sealed class AgreementSettlementTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.Replenishment;
    private const string Xincheng = "150102";  // 新城区
    private const string Huimin = "150103";    // 回民区
    private const string Yuquan = "150104";    // 玉泉区
    private const string Hohhot = "150100";    // 呼和浩特市
    private const string Tumed = "150121";     // 土默特左旗

    private readonly HttpClient recorder = api.Centre("agreement-recorder");
    private readonly HttpClient reviewer = api.Centre("agreement-reviewer");

    [Fact]
    public async Task An_agreement_is_reviewed_escrowed_paid_in_two_tranches_and_delivered_to_the_buyer_with_its_provenance()
    {
        await recorder.SetTradingParametersAsync(api.Clock.Today);
        var lot = await api.IssueLotAsync(Tumed, Kind, Replenishment(100, 50_000, 20));
        var buyerId = await recorder.RegisterBuyerAsync("330000", "Zhejiang land reserve centre");
        var buyer = api.Buyer(buyerId, "zhou.min");

        // 40 mu at 12,345.67 yuan per mu: 493,826.80 yuan, in a first tranche within 10 days and the rest within 30.
        var firstDue = api.Clock.Now.AddDays(10);
        var secondDue = api.Clock.Now.AddDays(30);
        PaymentTranche[] tranches = [new(firstDue, 200_000m), new(secondDue, 293_826.80m)];
        var recorded = await recorder.PostJsonAsync(Agreements, AgreementBody("IM-ZJ-2026-001", Tumed, buyerId, 40, 12_345.67m, tranches, api.Clock.Today));
        var agreementId = (await recorded.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
        Assert.Equal($"/api/v1/trading/agreements/{agreementId}", recorded.Headers.Location?.ToString());
        var underReview = (await buyer.GetAsync<ResourceView<Agreement>>($"{Agreements}/{agreementId}")).Resource;
        Assert.Equal((AgreementStatus.UnderReview, 493_826.80m, "330000"), (underReview.Status, underReview.Price, underReview.CounterpartProvince));
        Assert.True((await recorder.BalanceAsync(Tumed, Kind)).Reserved.IsZero, "nothing is escrowed before the review");

        // Four eyes: the recorder cannot approve its own agreement.
        await (await recorder.PostJsonAsync($"{Agreements}/{agreementId}/approve", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "four-eyes-required");
        var dealId = await api.ApproveAgreementAsync(agreementId);

        var deal = await buyer.DealAsync(dealId);
        Assert.Equal((DealStatus.AwaitingPayment, DealSource.Agreement, agreementId, "IM-ZJ-2026-001"), (deal.Status, deal.Source, deal.EscrowId, deal.Number));
        Assert.Equal(Area(40), (await recorder.BalanceAsync(Tumed, Kind)).Reserved);

        // The deal confirmation (成交确认书) names the lot with its provenance, the price, the amount due and the deadlines.
        var confirmation = await buyer.GetAsync<DealConfirmation>($"{DealPath(dealId)}/confirmation");
        Assert.Equal((493_826.80m, 0m, 493_826.80m, 0m, (DateTimeOffset?)firstDue), (confirmation.Price, confirmation.DepositCredited,
            confirmation.AmountDue, confirmation.Paid, confirmation.NextDeadline));
        Assert.Equal(("Zhejiang land reserve centre", "mu", 12_345.67m), (confirmation.BuyerName, confirmation.Unit, confirmation.UnitPrice));
        var escrowed = Assert.Single(confirmation.Lots);
        Assert.Equal((lot, 40m, Tumed, $"project of {Tumed}", (LandSource?)LandSource.FarmlandConsolidation, (int?)5),
            (escrowed.LotId, escrowed.Quantity, escrowed.OriginCounty, escrowed.ProjectName, escrowed.LandSource, escrowed.QualityGrade));
        Assert.Equal(tranches, confirmation.Tranches);
        await (await buyer.GetAsync($"{DealPath(dealId)}/delivery")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");

        // The buyer submits its bank reference; the centre confirms the first tranche.
        await (await buyer.PostJsonAsync($"{DealPath(dealId)}/payment-references", new { BankReference = "ICBC-330-0001", Amount = 200_000m }))
            .ReadAsync<CommandResult>();
        await (await recorder.PostJsonAsync($"{DealPath(dealId)}/payment-references", new { BankReference = "ICBC-330-0009", Amount = 1m }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await reviewer.ConfirmPaymentAsync(dealId, "ICBC-330-0001", 200_000m)).ReadAsync<CommandResult>();
        var partlyPaid = await buyer.GetAsync<DealConfirmation>($"{DealPath(dealId)}/confirmation");
        Assert.Equal((DealStatus.AwaitingPayment, 200_000m, 293_826.80m, (DateTimeOffset?)secondDue),
            (partlyPaid.Status, partlyPaid.Paid, partlyPaid.Outstanding, partlyPaid.NextDeadline));
        Assert.Equal(Area(40), (await recorder.BalanceAsync(Tumed, Kind)).Reserved);

        // More than is outstanding is refused; the rest to the fen completes the payment and delivers the quota.
        var events = await api.EventCountAsync();
        await (await reviewer.ConfirmPaymentAsync(dealId, "ICBC-330-0002", 293_826.81m))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "payment-mismatch");
        Assert.Equal(events, await api.EventCountAsync());
        await (await reviewer.ConfirmPaymentAsync(dealId, "ICBC-330-0002", 293_826.80m)).ReadAsync<CommandResult>();

        var delivered = await buyer.DealAsync(dealId);
        Assert.Equal(DealStatus.Delivered, delivered.Status);
        var seller = await recorder.BalanceAsync(Tumed, Kind);
        Assert.Equal((Area(40), Replenishment(60, 50_000, 20)), (seller.Sold, seller.Available));
        Assert.True(seller.Reserved.IsZero);
        seller.ShouldBalance();

        // The buyer holds a new lot that traces back to the seller's lot, its project and the deal.
        var holdings = await buyer.GetAsync<Page<ResourceView<Lot>>>($"{Holder(buyerId.ToString())}/lots");
        var bought = Assert.Single(holdings.Items).Resource;
        Assert.Equal((buyerId.ToString(), Area(40), Area(40)), (bought.Holder, bought[Bucket.Received], bought.Available));
        Assert.Equal((Tumed, (Guid?)lot, (Guid?)dealId, (int?)5), (bought.Provenance.OriginCounty, bought.Provenance.ParentLotId,
            bought.Provenance.DealId, bought.Provenance.QualityGrade));
        Assert.Equal(Area(40), (await buyer.BalanceAsync(buyerId.ToString(), Kind)).Available);

        var record = await buyer.GetAsync<DeliveryRecord>($"{DealPath(dealId)}/delivery");
        var deliveredLot = Assert.Single(record.Lots);
        Assert.Equal((bought.Id, lot, 40m, Tumed, $"project of {Tumed}"),
            (deliveredLot.LotId, deliveredLot.FromLotId, deliveredLot.Quantity, deliveredLot.OriginCounty, deliveredLot.ProjectName));
        Assert.Equal(api.Clock.Now, record.DeliveredAt);

        // The seller county sees its deal; another county neither sees it in its list nor may read it.
        Assert.Contains(dealId, (await api.County(Tumed).GetAsync<Page<ResourceView<Deal>>>(Deals)).Items.Select(d => d.Resource.Id));
        Assert.DoesNotContain(dealId, (await api.County(Huimin).GetAsync<Page<ResourceView<Deal>>>(Deals)).Items.Select(d => d.Resource.Id));
        await (await api.County(Huimin).GetAsync(DealPath(dealId))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Another_buyer_may_read_neither_the_deal_its_confirmation_its_delivery_nor_the_holding_and_cannot_pay_for_it()
    {
        await recorder.SetTradingParametersAsync(api.Clock.Today);
        await api.IssueLotAsync(Yuquan, Kind, Replenishment(10, 5_000, 2));
        var buyerId = await recorder.RegisterBuyerAsync("320000", "Jiangsu land reserve centre");
        var otherId = await recorder.RegisterBuyerAsync("440000", "Guangdong land reserve centre");
        var dealId = await api.ConcludeAgreementAsync("IM-JS-2026-007", Yuquan, buyerId, 5, 10_000m, TimeSpan.FromDays(10));
        var other = api.Buyer(otherId);

        foreach (var path in new[] { DealPath(dealId), $"{DealPath(dealId)}/confirmation", $"{DealPath(dealId)}/delivery",
                     $"{Holder(buyerId.ToString())}/lots", $"{Holder(buyerId.ToString())}/balances" })
            await (await other.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await other.PostJsonAsync($"{DealPath(dealId)}/payment-references", new { BankReference = "CMB-1", Amount = 50_000m }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty((await other.GetAsync<Page<ResourceView<Deal>>>(Deals)).Items);
        Assert.Equal([dealId], (await api.Buyer(buyerId).GetAsync<Page<ResourceView<Deal>>>(Deals)).Items.Select(d => d.Resource.Id));
    }

    [Fact]
    public async Task The_same_payment_confirmed_in_parallel_is_one_payment_and_one_delivery()
    {
        await recorder.SetTradingParametersAsync(api.Clock.Today);
        await api.IssueLotAsync(Huimin, Kind, Replenishment(50, 20_000, 5));
        var buyerId = await recorder.RegisterBuyerAsync("310000", "Shanghai land reserve centre");
        var dealId = await api.ConcludeAgreementAsync("IM-SH-2026-003", Huimin, buyerId, 12.3456m, 10_000.01m, TimeSpan.FromDays(10));
        var price = Yuan.PriceOf(12.3456m, 10_000.01m);
        var confirmedBefore = await api.EventCountAsync("deal_payment_confirmed");
        var soldBefore = await api.EventCountAsync("lot_quota_sold");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            api.Centre($"cashier-{i % 2}").ConfirmPaymentAsync(dealId, "SPDB-2026-42", price)));
        var results = await Task.WhenAll(answers.Select(a => a.ReadAsync<CommandResult>()));

        var deal = await reviewer.DealAsync(dealId);
        Assert.Equal(DealStatus.Delivered, deal.Status);
        Assert.Equal([new DealPayment("SPDB-2026-42", price)], deal.Payments);
        Assert.Equal(confirmedBefore + 1, await api.EventCountAsync("deal_payment_confirmed"));
        Assert.Equal(soldBefore + 1, await api.EventCountAsync("lot_quota_sold"));
        var current = (await reviewer.GetAsync<ResourceView<Deal>>(DealPath(dealId))).Version;
        Assert.All(results, r => Assert.Equal(current, r.Version));
        Assert.Equal(Area(12.3456m), (await reviewer.BalanceAsync(Huimin, Kind)).Sold);

        // The same reference again with another amount is not the same payment.
        await (await reviewer.ConfirmPaymentAsync(dealId, "SPDB-2026-42", 1m))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "payment-mismatch");
    }

    [Fact]
    public async Task An_agreement_below_the_floor_or_with_tranches_not_adding_up_to_the_price_is_refused_and_records_nothing()
    {
        await recorder.SetTradingParametersAsync(api.Clock.Today);
        var buyerId = await recorder.RegisterBuyerAsync("110000", "Beijing land reserve centre");
        var due = api.Clock.Now.AddDays(5);
        var events = await api.EventCountAsync();

        // The floor for replenishment quota by area is 10,000 yuan per mu.
        await (await recorder.PostJsonAsync(Agreements, AgreementBody("IM-BJ-1", Xincheng, buyerId, 10, 9_999.99m, [new(due, 99_999.90m)], api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "below-floor");
        await (await recorder.PostJsonAsync(Agreements,
                AgreementBody("IM-BJ-2", Xincheng, buyerId, 10, 10_000m, [new(due, 50_000m), new(due.AddDays(1), 49_999.99m)], api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "payment-mismatch");
        await (await recorder.PostJsonAsync(Agreements, AgreementBody("IM-BJ-3", Hohhot, buyerId, 10, 10_000m, [new(due, 100_000m)], api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-holder");
        await (await recorder.PostJsonAsync(Agreements, AgreementBody("IM-BJ-4", Xincheng, buyerId, 10, 10_000m, [], api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "tranches");
        await (await recorder.PostJsonAsync(Agreements, AgreementBody("IM-BJ-5", Xincheng, Guid.CreateVersion7(), 10, 10_000m, [new(due, 100_000m)], api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await api.County(Xincheng).PostJsonAsync(Agreements, AgreementBody("IM-BJ-6", Xincheng, buyerId, 10, 10_000m, [new(due, 100_000m)], api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(events, await api.EventCountAsync());

        // One agreement per number.
        await (await recorder.PostJsonAsync(Agreements, AgreementBody("IM-BJ-7", Xincheng, buyerId, 10, 10_000m, [new(due, 100_000m)], api.Clock.Today)))
            .ReadAsync<CommandResult>(HttpStatusCode.Created);
        await (await recorder.PostJsonAsync(Agreements, AgreementBody("IM-BJ-7", Xincheng, buyerId, 10, 10_000m, [new(due, 100_000m)], api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task Payments_with_more_than_fen_or_no_reference_are_refused_naming_the_field()
    {
        await recorder.SetTradingParametersAsync(api.Clock.Today);
        await api.IssueLotAsync(Yuquan, Kind, Replenishment(10, 5_000, 2));
        var buyerId = await recorder.RegisterBuyerAsync("370000", "Shandong land reserve centre");
        var dealId = await api.ConcludeAgreementAsync("IM-SD-2026-001", Yuquan, buyerId, 1, 10_000m, TimeSpan.FromDays(10));

        await (await reviewer.ConfirmPaymentAsync(dealId, "", 100.001m))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "bankReference", "amount");
        await (await api.Buyer(buyerId).PostJsonAsync($"{DealPath(dealId)}/payment-references", new { BankReference = "X", Amount = 0m }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "amount");
    }

    [Fact]
    public async Task The_region_wide_totals_balance_after_a_delivery_and_leave_the_buyers_holdings_out()
    {
        await recorder.SetTradingParametersAsync(api.Clock.Today);
        await api.IssueLotAsync(Xincheng, Kind, Replenishment(20, 8_000, 3));
        var buyerId = await recorder.RegisterBuyerAsync("350000", "Fujian land reserve centre");
        var dealId = await api.ConcludeAgreementAsync("IM-FJ-2026-001", Xincheng, buyerId, 7.7777m, 10_000m, TimeSpan.FromDays(10));
        await (await reviewer.ConfirmPaymentAsync(dealId, "BOC-FJ-1", Yuan.PriceOf(7.7777m, 10_000m))).ReadAsync<CommandResult>();

        var totals = (await reviewer.TotalsWhenCaughtUpAsync()).Kinds.Single(k => k.Kind == Kind);
        var b = totals.Buckets;
        Assert.Equal(new(true, true, true), totals.Balanced);
        // No transfers in this ledger: nothing received, and issued = held + consumed + deducted + sold.
        Assert.True(b.Received.IsZero && b.TransferredOut.IsZero, $"a buyer's lot is no holder's receipt: {b}");
        Assert.Equal(b.Issued, b.Held + b.Consumed + b.Deducted + b.Sold);
        Assert.True(b.Sold.Area >= 7.7777m, $"the sale is in the sold bucket: {b.Sold}");
    }
}
