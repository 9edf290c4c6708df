using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>公示 in headless Chromium: what a reader of /public/notices sees, drawn in a Chinese font.</summary>
[Collection(Chromium.Collection)]
public sealed class PublicNoticesPageTests(KestrelLedgerApi api, Chromium chromium) : IClassFixture<KestrelLedgerApi>
{
    [Fact]
    public async Task With_nothing_published_each_section_says_so_in_chinese()
    {
        await using var notices = await chromium.OpenAsync(api, "/public/notices");
        var page = notices.Page;

        Assert.Equal("内蒙古自治区土地储备中心 · 指标交易公示", await page.TitleAsync());
        Assert.Equal("指标交易公示", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(["交易公告", "成交结果公示", "点对点协议"], await page.Locator("h2").AllInnerTextsAsync());
        Assert.Equal("目前没有公告中或交易中的指标。", await page.Locator("#listings + .empty").InnerTextAsync());
        Assert.Equal("目前没有成交结果。", await page.Locator("#results + .empty").InnerTextAsync());
        Assert.Equal("目前没有已签订的点对点协议。", await page.Locator("#agreements + .empty").InnerTextAsync());
        Assert.Equal(0, await page.Locator("table").CountAsync());

        // Without a CJK font Chromium draws the same text as empty boxes in a Latin fallback.
        Assert.Equal(["Noto Sans CJK SC"], await notices.RenderedFontsAsync("h1"));
        Assert.Equal(["Noto Sans CJK SC"], await notices.RenderedFontsAsync("#listings + .empty"));

        await notices.ScreenshotAsync("public-notices-empty");
    }
}
