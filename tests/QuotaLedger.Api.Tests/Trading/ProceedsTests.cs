using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Proceeds;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using static QuotaLedger.Api.Tests.Support.Steps;
using static QuotaLedger.Api.Tests.Trading.DealSteps;
using static QuotaLedger.Api.Tests.Trading.TradingSteps;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// P-2022 §二(三)2: a delivered deal's price is attributed to the counties whose lots were delivered, to the fen, and the
/// statements of a county, a prefecture and the region add them up.
/// </summary>
public sealed class ProceedsTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.Replenishment;
    private const string Xincheng = "150102";  // 新城区, 呼和浩特市
    private const string Huimin = "150103";    // 回民区, 呼和浩特市
    private const string Donghe = "150202";    // 东河区, 包头市
    private const string Hohhot = "150100";
    private const string Baotou = "150200";

    private readonly HttpClient centre = api.Centre("chen.jie");
    private readonly HttpClient reviewer = api.Centre("agreement-reviewer");

    [Fact]
    public async Task The_price_of_lots_from_three_counties_is_attributed_to_the_fen_and_each_statement_adds_up()
    {
        await centre.SetTradingParametersAsync(api.Clock.Today);
        // Pooled into the region account 150000 from three counties: 1.0001, 2.3333 and 3.6667 mu.
        foreach (var (county, area) in new[] { (Xincheng, 1.0001m), (Huimin, 2.3333m), (Donghe, 3.6667m) })
        {
            await api.IssueLotAsync(county, Kind, Replenishment(area, 100, 0.5m));
            var pooled = await centre.ProposeTransferAsync(county, RegionCatalog.RegionCode, Kind, Replenishment(area, 100, 0.5m), "统筹: pooled for sale");
            await reviewer.ApproveTransferAsync(pooled, "pooled");
        }
        var buyerId = await centre.RegisterBuyerAsync("330000", "Zhejiang land reserve centre");

        // 7.0001 mu at 10,000.01 yuan: 70,001.07 yuan. Rounded down the parts are 10,001.01, 23,333.02 and 36,667.03;
        // the fen left over goes to the largest remainder, Donghe's.
        var dealId = await api.ConcludeAgreementAsync("IM-ZJ-2026-100", RegionCatalog.RegionCode, buyerId, 7.0001m, 10_000.01m, TimeSpan.FromDays(10));
        await (await reviewer.ConfirmPaymentAsync(dealId, "ICBC-ZJ-100", 70_001.07m)).ReadAsync<CommandResult>();

        var region = await centre.GetAsync<ProceedsStatement>(Proceeds);
        Assert.Equal((RegionCatalog.RegionCode, 70_001.07m), (region.Scope, region.Total));
        Assert.Equal([(Xincheng, 1.0001m, 10_001.01m), (Huimin, 2.3333m, 23_333.02m), (Donghe, 3.6667m, 36_667.04m)],
            region.Counties.Select(c => { var d = Assert.Single(c.Deals); return (c.County, d.Quantity, d.Amount); }));
        Assert.All(region.Counties, c => Assert.Equal(dealId, c.Deals.Single().DealId));
        Assert.Equal([(Hohhot, 33_334.03m), (Baotou, 36_667.04m)], region.Prefectures.Select(p => (p.Prefecture, p.Total)));

        var hohhot = await api.Prefecture(Hohhot).GetAsync<ProceedsStatement>(Proceeds);
        Assert.Equal((Hohhot, 33_334.03m), (hohhot.Scope, hohhot.Total));
        Assert.Equal([Xincheng, Huimin], hohhot.Counties.Select(c => c.County));

        var donghe = await api.County(Donghe).GetAsync<ProceedsStatement>(Proceeds);
        var entry = Assert.Single(Assert.Single(donghe.Counties).Deals);
        Assert.Equal(("IM-ZJ-2026-100", "mu", 36_667.04m, buyerId), (entry.Number, entry.Unit, entry.Amount, entry.BuyerId));
        Assert.Equal(36_667.04m, (await centre.GetAsync<ProceedsStatement>($"{Proceeds}?county={Donghe}")).Total);
        Assert.Equal(33_334.03m, (await centre.GetAsync<ProceedsStatement>($"{Proceeds}?prefecture={Hohhot}")).Total);

        // The period is of delivery days: a period before today holds nothing, one ending today everything.
        var today = api.Clock.Today;
        Assert.Empty((await centre.GetAsync<ProceedsStatement>($"{Proceeds}?to={today.AddDays(-1):yyyy-MM-dd}")).Counties);
        Assert.Equal(70_001.07m, (await centre.GetAsync<ProceedsStatement>($"{Proceeds}?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).Total);

        // Each sees its own: a county not another's, a buyer none; a period ending before it starts is refused.
        await (await api.County(Xincheng).GetAsync($"{Proceeds}?county={Donghe}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Prefecture(Baotou).GetAsync($"{Proceeds}?prefecture={Hohhot}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Buyer(buyerId).GetAsync(Proceeds)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await centre.GetAsync($"{Proceeds}?from={today:yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "to");
    }
}
