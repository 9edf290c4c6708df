using Microsoft.Playwright;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Api.Tests.Trading;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>Trading and exports in headless Chromium: a listing in its stage with the time left, one CSV a click.</summary>
[Collection(Chromium.Collection)]
public sealed class ConsoleTradingTests(KestrelLedgerApi api, Chromium chromium) : IClassFixture<KestrelLedgerApi>
{
    private const string Saihan = "152502";

    [Fact]
    public async Task The_centre_sees_a_listing_in_its_notice_with_the_time_left_until_trading()
    {
        await api.GivenTradingAsync(buyers: 1);
        await api.IssueLotAsync(Saihan, QuotaKind.Replenishment, Replenishment(30m, 10_000m, 4m));
        var listing = await api.PublishedListingAsync(ListingSteps.ListingBody(api, Saihan, 10m));

        await using var console = await chromium.SignInAsync(api, "centre", "150000", "alice");
        var page = console.Page;
        await page.NavigateAsync("交易");

        var row = page.Locator($"[data-testid=listings] tr[data-listing='{listing}']");
        await Assertions.Expect(row.GetByTestId("stage")).ToHaveTextAsync("公告期");
        await Assertions.Expect(row).ToContainTextAsync("锡林浩特市");
        await Assertions.Expect(row).ToContainTextAsync("10.0000 亩");
        await Assertions.Expect(row.GetByTestId("countdown")).ToContainTextAsync("2026-03-07 16:00");
        Assert.Equal("/public/notices", await page.GetByTestId("public-notices").GetAttributeAsync("href"));
        await console.ScreenshotAsync("console-trading");
    }

    [Fact]
    public async Task An_export_downloads_its_csv_in_one_click()
    {
        await api.IssueLotAsync(Saihan, QuotaKind.Replenishment, Replenishment(5m, 1_000m, 0));
        await using var console = await chromium.SignInAsync(api, "centre", "150000", "alice");
        var page = console.Page;
        await page.NavigateAsync("导出");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-export=balances]").ClickAsync());

        Assert.StartsWith("balances-all-", download.SuggestedFilename);
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("截至 as_of", csv);
        Assert.Contains(Saihan, csv);
        await Assertions.Expect(page.GetByTestId("saved")).ToContainTextAsync(download.SuggestedFilename);
    }
}
