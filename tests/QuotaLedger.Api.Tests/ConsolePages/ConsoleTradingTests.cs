using Microsoft.Playwright;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Api.Tests.Trading;
using System.Net;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Listings;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>Trading and exports in headless Chromium: a listing in its stage with the time left, one CSV a click.</summary>
[Collection(Chromium.Collection)]
public sealed class ConsoleTradingTests(KestrelLedgerApi api, Chromium chromium) : IClassFixture<KestrelLedgerApi>
{
    private const string Xilinhot = "152502", Erenhot = "152501";

    [Fact]
    public async Task The_centre_sees_a_listing_in_its_notice_with_the_time_left_until_trading()
    {
        await api.GivenTradingAsync(buyers: 1);
        await api.IssueLotAsync(Xilinhot, QuotaKind.Replenishment, Replenishment(30m, 10_000m, 4m));
        var listing = await api.PublishedListingAsync(ListingSteps.ListingBody(api, Xilinhot, 10m));

        await using var console = await chromium.SignInAsync(api, "centre", "150000", "alice");
        var page = console.Page;
        await page.NavigateAsync("交易");

        var row = page.Locator($"[data-testid=listings] tr[data-listing='{listing}']");
        await Assertions.Expect(row.GetByTestId("stage")).ToHaveTextAsync("公告期");
        await Assertions.Expect(row).ToContainTextAsync("锡林浩特市");
        await Assertions.Expect(row).ToContainTextAsync("10.0000 亩");
        var tradingStart = (await api.GetListingAsync(listing)).Terms.TradingStart.ToOffset(TimeSpan.FromHours(8));
        await Assertions.Expect(row.GetByTestId("countdown")).ToContainTextAsync(tradingStart.ToString("yyyy-MM-dd HH:mm"));
        Assert.Equal("/public/notices", await page.GetByTestId("public-notices").GetAttributeAsync("href"));
        await console.ScreenshotAsync("console-trading");
    }

    [Fact]
    public async Task An_auction_in_trading_shows_its_bids_and_the_best_price()
    {
        var buyers = await api.GivenTradingAsync(buyers: 1);
        await api.IssueLotAsync(Erenhot, QuotaKind.Replenishment, Replenishment(4m, 1_000m, 0));
        var auction = await api.TradingListingAsync(
            ListingSteps.ListingBody(api, Erenhot, 4m, ListingMode.Auction, startPrice: 11_000m, deposit: 0m));
        await (await api.Buyer(buyers[0]).BidAsync(auction, 11_600m)).ReadAsync<CommandResult>(HttpStatusCode.Created);

        await using var console = await chromium.SignInAsync(api, "centre", "150000", "alice");
        var page = console.Page;
        await page.NavigateAsync("交易");
        var row = page.Locator($"[data-testid=listings] tr[data-listing='{auction}']");
        await Assertions.Expect(row.GetByTestId("stage")).ToHaveTextAsync("交易中");
        await Assertions.Expect(row).ToContainTextAsync("11,600.00");

        await row.ClickAsync();
        await Assertions.Expect(page.GetByTestId("offers")).ToContainTextAsync("竞价记录");
        await Assertions.Expect(page.Locator("[data-testid=offers] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=offers] tbody tr td").Nth(1)).ToHaveTextAsync("11,600.00");
    }

    [Fact]
    public async Task An_export_downloads_its_csv_in_one_click()
    {
        await api.IssueLotAsync(Xilinhot, QuotaKind.Replenishment, Replenishment(5m, 1_000m, 0));
        await using var console = await chromium.SignInAsync(api, "centre", "150000", "alice");
        var page = console.Page;
        await page.NavigateAsync("导出");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-export=balances]").ClickAsync());

        Assert.StartsWith("balances-all-", download.SuggestedFilename);
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("截至 as_of", csv);
        Assert.Contains(Xilinhot, csv);
        await Assertions.Expect(page.GetByTestId("saved")).ToContainTextAsync(download.SuggestedFilename);
    }
}
