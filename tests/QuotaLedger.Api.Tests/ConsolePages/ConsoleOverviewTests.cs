using Microsoft.Playwright;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Oversight.Progress;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;
using static QuotaLedger.Api.Tests.ConsolePages.ConsoleSteps;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>The centre's region overview in headless Chromium: the API's numbers, the plan progress and the prefecture map.</summary>
[Collection(Chromium.Collection)]
public sealed class ConsoleOverviewTests(KestrelLedgerApi api, Chromium chromium) : IClassFixture<KestrelLedgerApi>
{
    private const string Hohhot = "150100", Xincheng = "150102", Baotou = "150200", Donghe = "150202", Chifeng = "150400", Hongshan = "150402";

    [Fact]
    public async Task The_centre_sees_each_prefectures_balances_as_the_api_gives_them_with_progress_and_map()
    {
        await api.IssueLotAsync(Xincheng, QuotaKind.Replenishment, Replenishment(12.3456m, 4_321.09m, 1.5m));
        await api.IssueLotAsync(Donghe, QuotaKind.Replenishment, Replenishment(7.25m, 1_000m, 0));
        var frozenLot = await api.IssueLotAsync(Hongshan, QuotaKind.Replenishment, Replenishment(2m, 500m, 0));
        var freeze = await api.Centre().FreezeAsync(Hongshan, QuotaKind.Replenishment, frozenLot, null, "R5: 撂荒面积超过 10%");
        var hohhot = await api.Centre().GetAsync<PrefectureOverview>($"/api/v1/oversight/prefectures/{Hohhot}/overview?period=2021-2025");
        var hohhotAvailable = hohhot.Own.Kinds.Concat(hohhot.Counties)
            .Where(k => k.Kind == QuotaKind.Replenishment).Sum(k => k.Buckets.Available.Area);
        Assert.Equal(12.3456m, hohhotAvailable);

        await using var console = await chromium.SignInAsync(api, "centre", "150000", "alice");
        var page = console.Page;

        Assert.EndsWith("/console/overview", page.Url);
        Assert.Equal("自治区储备中心 · 内蒙古自治区 · alice", (await page.GetByTestId("who").InnerTextAsync()).Trim());
        var available = page.Locator($"[data-testid=balances] tr[data-prefecture='{Hohhot}'] td[data-bucket=available]");
        await Assertions.Expect(available).ToHaveTextAsync(Figure(hohhotAvailable));
        await Assertions.Expect(page.Locator($"[data-testid=balances] tr[data-prefecture='{Baotou}'] td[data-bucket=available]"))
            .ToHaveTextAsync(Figure(7.25m));
        await Assertions.Expect(page.Locator("[data-testid=balances] tbody tr")).ToHaveCountAsync(13);
        await Assertions.Expect(page.Locator($"[data-testid=balances] tr[data-prefecture='{Chifeng}'] td[data-bucket=frozen]"))
            .ToHaveTextAsync(Figure(2m));

        // What is frozen and why.
        var frozen = page.Locator($"[data-testid=freezes] tr[data-freeze='{freeze}']");
        await Assertions.Expect(frozen).ToContainTextAsync("红山区");
        await Assertions.Expect(frozen).ToContainTextAsync(Figure(2m));
        await Assertions.Expect(frozen).ToContainTextAsync("R5: 撂荒面积超过 10%");
        await Assertions.Expect(frozen).ToContainTextAsync("centre-reviewer");

        // The grain capacity in kg to 2 decimals, when the user asks for that measure.
        await page.GetByTestId("measure").SelectOptionAsync("grainCapacity");
        await Assertions.Expect(available).ToHaveTextAsync(Figure(4_321.09m, 2));

        // The annex's five-year target for Hohhot, with what was issued against it (nothing: the lot counts in 2026).
        var hohhotProgress = hohhot.Progress.Prefectures.Single(p => p.Kind == QuotaKind.Replenishment);
        var progress = page.Locator($"[data-testid=progress] tr[data-prefecture='{Hohhot}'] td");
        await Assertions.Expect(progress.Nth(1)).ToHaveTextAsync(Figure(40_000m));
        await Assertions.Expect(progress.Nth(2)).ToHaveTextAsync(Figure(hohhotProgress.Issued.Area));

        // The map draws the 12 prefectures from the shipped boundaries, each named.
        var mapText = await page.Locator("[data-testid=map] svg text").AllTextContentsAsync();
        var regions = await api.Centre().GetAsync<Domain.Shared.Regions.Region[]>("/api/v1/regions");
        foreach (var prefecture in regions.Where(r => r.Level == Domain.Shared.Regions.RegionLevel.Prefecture))
            Assert.Contains(prefecture.Name, mapText);
        Assert.Equal(["Noto Sans CJK SC"], await console.RenderedFontsAsync("[data-testid=overview] h1"));
        await console.ScreenshotAsync("console-overview");

        // A prefecture's row opens its page, with its counties.
        await page.GetByRole(AriaRole.Link, new() { Name = "呼和浩特市", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=counties] tr[data-county='{Xincheng}'] td").Nth(1)).ToHaveTextAsync(Figure(12.3456m));
    }
}
