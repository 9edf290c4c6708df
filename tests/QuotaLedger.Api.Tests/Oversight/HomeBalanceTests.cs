using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Oversight.HomeBalance;
using QuotaLedger.Domain.Oversight.HomeBalance;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Oversight.PolicySteps;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// R6: how much of a county's consumption was met at home. Xincheng (Hohhot) consumes its own quota, quota from Huimin
/// (Hohhot), from Donghe (Baotou) directly, and from Donghe through the region's pool; a write-off is reversed a year
/// later. The clock moves a year, so this class has a database of its own.
/// </summary>
public sealed class HomeBalanceTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Report = "/api/v1/oversight/home-balance";
    private const string Xincheng = "150102", Huimin = "150103", Hohhot = "150100", Donghe = "150202";
    private const string Region = Domain.Shared.Regions.RegionCatalog.RegionCode;
    private const QuotaKind Kind = QuotaKind.Replenishment;

    private static Measures Q(decimal area) => Replenishment(area, area * 100, area / 10);

    private async Task<Guid> LinkAndWriteOffAsync(string reference, Measures occupied)
    {
        var link = await api.County(Xincheng).LinkAsync(Xincheng, Kind, reference, occupied);
        await api.County(Xincheng).WriteOffAsync(link);
        return link;
    }

    [Fact]
    public async Task Consumption_is_split_into_own_prefecture_region_and_other_prefectures_net_of_reversals_as_of_any_moment()
    {
        api.Clock.MoveTo(new DateOnly(2026, 3, 2));
        var centre = api.Centre();
        await api.IssueLotAsync(Xincheng, Kind, Q(10));
        await api.IssueLotAsync(Huimin, Kind, Q(10));
        await api.IssueLotAsync(Donghe, Kind, Q(20));
        await centre.ApproveTransferAsync(await api.County(Huimin).ProposeTransferAsync(Huimin, Xincheng, Kind, Q(4)));
        await centre.ApproveTransferAsync(await api.County(Donghe).ProposeTransferAsync(Donghe, Xincheng, Kind, Q(3), "bought from Baotou"));
        await centre.ApproveTransferAsync(await centre.ProposeTransferAsync(Donghe, Region, Kind, Q(5), "统筹 into the pool"));
        var allocation = await centre.ProposeTransferAsync(Region, Xincheng, Kind, Q(2), "统筹 out of the pool");
        await api.Centre("second-reviewer").ApproveTransferAsync(allocation);

        // Own lots first, then the lots moved in, oldest first: 10 own + 2 of Huimin's; then 2 of Huimin's, Donghe's 3, the pool's 2.
        await LinkAndWriteOffAsync("XC-1", Q(12));
        var second = await LinkAndWriteOffAsync("XC-2", Q(7));
        var in2026 = new HomeBalanceTotals(Q(10), Q(4), Q(2), Q(3));
        var endOf2026 = api.Clock.Now;

        api.Clock.MoveTo(new DateOnly(2027, 1, 10));
        await (await centre.PostJsonAsync($"{Links}/{second}/reverse-write-off", new { Reason = "granted for another project" }))
            .ReadAsync<Application.Shared.CommandResult>();
        // The quota the reversal returned is linked again, in the same order: 2 of Huimin's, Donghe's 3, 1 of the pool's.
        await LinkAndWriteOffAsync("XC-3", Q(6));

        var county = api.County(Xincheng);
        var all = await county.GetAsync<HomeBalanceReport>($"{Report}?county={Xincheng}");
        var line = Assert.Single(all.Counties);
        Assert.Equal((Xincheng, Hohhot), (line.County, line.Prefecture));
        Assert.Equal(new HomeBalanceTotals(Q(10), Q(4), Q(1), Q(3)), line.Consumption);
        Assert.Equal((await county.BalanceAsync(Xincheng, Kind)).Consumed, line.Consumption.Consumed);

        Assert.Equal(in2026, Assert.Single((await county.GetAsync<HomeBalanceReport>($"{Report}?county={Xincheng}&year=2026")).Counties).Consumption);
        // 2027: the reversal of XC-2 (−2, −3, −2) and XC-3 (2, 3, 1): a year that corrects an earlier one can be negative.
        Assert.Equal(new HomeBalanceTotals(Measures.Zero, Measures.Zero, -Q(1), Measures.Zero),
            Assert.Single((await county.GetAsync<HomeBalanceReport>($"{Report}?county={Xincheng}&from=2027-01-01&to=2027-12-31")).Counties).Consumption);
        var asOf = await county.GetAsync<HomeBalanceReport>($"{Report}?county={Xincheng}&asOf={Uri.EscapeDataString(endOf2026.ToString("O"))}");
        Assert.Equal(in2026, Assert.Single(asOf.Counties).Consumption);
        Assert.Equal((await county.BalanceAsync(Xincheng, Kind, endOf2026)).Consumed, asOf.Total.Consumed);

        var prefecture = await api.Prefecture(Hohhot).GetAsync<HomeBalanceReport>($"{Report}?prefecture={Hohhot}");
        Assert.Equal(Hohhot, prefecture.Scope);
        Assert.Contains(prefecture.Counties, c => c.County == Huimin && c.Consumption == HomeBalanceTotals.Zero);
        Assert.All(prefecture.Counties, c => Assert.Equal(Hohhot, c.Prefecture));
        Assert.Equal(line.Consumption, prefecture.Total);
        Assert.Equal(103, (await centre.GetAsync<HomeBalanceReport>(Report)).Counties.Count);
    }

    [Fact]
    public async Task A_county_sees_its_own_report_only_and_bad_periods_are_refused()
    {
        await (await api.County(Huimin).GetAsync($"{Report}?county={Xincheng}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.County(Xincheng).GetAsync($"{Report}?prefecture={Hohhot}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(Xincheng, (await api.County(Xincheng).GetAsync<HomeBalanceReport>(Report)).Scope);
        await (await api.Centre().GetAsync($"{Report}?year=2026&from=2026-01-01")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "from");
        await (await api.Centre().GetAsync($"{Report}?from=2026-02-01&to=2026-01-01")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "to");
        await (await api.Centre().GetAsync($"{Report}?county={Hohhot}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "county");
        await (await api.Centre().GetAsync($"{Report}?county={Xincheng}&prefecture={Hohhot}"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "prefecture");
    }
}
