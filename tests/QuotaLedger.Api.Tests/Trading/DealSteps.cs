using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Ledger.Totals;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Agreements;
using QuotaLedger.Domain.Trading.Deals;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>The steps of point-to-point agreements and their deals, each one request that must succeed.</summary>
public static class DealSteps
{
    public const string Agreements = "/api/v1/trading/agreements";
    public const string Deals = "/api/v1/trading/deals";
    public const string Proceeds = "/api/v1/trading/proceeds";

    public static string DealPath(Guid dealId) => $"{Deals}/{dealId}";

    public static object AgreementBody(string number, string seller, Guid buyerId, decimal quantity, decimal unitPrice,
        IReadOnlyList<PaymentTranche> tranches, DateOnly signedOn, QuotaKind kind = QuotaKind.Replenishment,
        PricedMeasure measure = PricedMeasure.Area) =>
        new
        {
            Number = number, Seller = seller, BuyerId = buyerId, Kind = kind, Measure = measure, Quantity = quantity, UnitPrice = unitPrice,
            Tranches = tranches, SignedOn = signedOn,
        };

    /// <summary>The centre's recorder records the agreement; answers its id.</summary>
    public static async Task<Guid> RecordAgreementAsync(this LedgerApi api, string number, string seller, Guid buyerId, decimal quantity,
        decimal unitPrice, IReadOnlyList<PaymentTranche> tranches, PricedMeasure measure = PricedMeasure.Area) =>
        (await (await api.Centre("agreement-recorder").PostJsonAsync(Agreements,
                AgreementBody(number, seller, buyerId, quantity, unitPrice, tranches, api.Clock.Today, measure: measure)))
            .ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;

    /// <summary>A second centre user approves the agreement; answers the deal it concluded.</summary>
    public static async Task<Guid> ApproveAgreementAsync(this LedgerApi api, Guid agreementId)
    {
        var reviewer = api.Centre("agreement-reviewer");
        await (await reviewer.PostJsonAsync($"{Agreements}/{agreementId}/approve", new { Reason = "terms checked against the signed copy" }))
            .ReadAsync<CommandResult>();
        var agreement = await reviewer.GetAsync<ResourceView<Agreement>>($"{Agreements}/{agreementId}");
        Assert.Equal(AgreementStatus.Concluded, agreement.Resource.Status);
        return agreement.Resource.DealId ?? throw new Xunit.Sdk.XunitException("The approved agreement names no deal.");
    }

    /// <summary>Records and approves an agreement paid in one tranche due in <paramref name="payWithin"/>; answers its deal.</summary>
    public static async Task<Guid> ConcludeAgreementAsync(this LedgerApi api, string number, string seller, Guid buyerId, decimal quantity,
        decimal unitPrice, TimeSpan payWithin, PricedMeasure measure = PricedMeasure.Area)
    {
        var price = Yuan.PriceOf(quantity, unitPrice);
        var agreement = await api.RecordAgreementAsync(number, seller, buyerId, quantity, unitPrice,
            [new PaymentTranche(api.Clock.Now + payWithin, price)], measure);
        return await api.ApproveAgreementAsync(agreement);
    }

    public static Task<HttpResponseMessage> ConfirmPaymentAsync(this HttpClient centre, Guid dealId, string bankReference, decimal amount) =>
        centre.PostJsonAsync($"{DealPath(dealId)}/payments", new { BankReference = bankReference, Amount = amount });

    public static async Task<Deal> DealAsync(this HttpClient client, Guid dealId) =>
        (await client.GetAsync<ResourceView<Deal>>(DealPath(dealId))).Resource;

    /// <summary>The region-wide totals once the asynchronous projection has caught up with every event.</summary>
    public static async Task<LedgerTotals> TotalsWhenCaughtUpAsync(this HttpClient centre)
    {
        for (var attempt = 0; ; attempt++)
        {
            var totals = await centre.GetAsync<LedgerTotals>("/api/v1/ledger/totals");
            if (totals.Progress.All(p => p.LastSequence >= totals.LatestSequence)) return totals;
            Assert.True(attempt < 200, $"the totals projection did not catch up with {totals.LatestSequence}");
            await Task.Delay(100);
        }
    }
}
