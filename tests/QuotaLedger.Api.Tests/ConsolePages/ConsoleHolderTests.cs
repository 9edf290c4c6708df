using Microsoft.Playwright;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;
using static QuotaLedger.Api.Tests.ConsolePages.ConsoleSteps;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>A county's and a prefecture's own pages in headless Chromium: only their own, lots with provenance, balances as of a day, English.</summary>
[Collection(Chromium.Collection)]
public sealed class ConsoleHolderTests(KestrelLedgerApi api, Chromium chromium) : IClassFixture<KestrelLedgerApi>
{
    private const string Wuhai = "150300", Haibowan = "150302", Hainan = "150303";

    [Fact]
    public async Task A_county_sees_only_its_own_lots_with_their_provenance_and_its_balances_as_of_a_day()
    {
        await api.IssueLotAsync(Haibowan, QuotaKind.Replenishment, Replenishment(3.125m, 800m, 0));
        await api.IssueLotAsync(Hainan, QuotaKind.Replenishment, Replenishment(9m, 900m, 0));

        await using var console = await chromium.SignInAsync(api, "county", Haibowan, "zhang");
        var page = console.Page;

        Assert.EndsWith($"/console/holders/{Haibowan}", page.Url);
        Assert.Equal(0, await page.GetByTestId("nav").GetByRole(AriaRole.Link, new() { Name = "全区总览" }).CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=lots] tbody tr")).ToHaveCountAsync(1);
        var available = page.Locator("[data-testid=holder-balances] tr[data-bucket=available] td[data-kind=replenishment][data-measure=area]");
        await Assertions.Expect(available).ToHaveTextAsync(Figure(3.125m));
        await Assertions.Expect(page.Locator("[data-testid=history] tbody tr").First).ToContainTextAsync("入库");

        await page.GetByTestId("provenance-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("provenance-origin")).ToContainTextAsync($"project of {Haibowan}");
        await console.ScreenshotAsync("console-county");

        // The day before the lot was issued (the service's clock stands on 2026-03-02), it held nothing.
        await page.GetByTestId("as-of").FillAsync("2026-03-01");
        await page.GetByTestId("as-of-show").ClickAsync();
        await Assertions.Expect(available).ToHaveTextAsync(Figure(0m));
        await Assertions.Expect(page.GetByTestId("as-of-shown")).ToHaveTextAsync("截至 2026-03-01 23:59（北京时间）");

        // Another county's page is refused by the API, and the page shows why.
        await page.GotoAsync($"/console/holders/{Hainan}");
        await Assertions.Expect(page.GetByTestId("problem").First).ToHaveAttributeAsync("data-status", "403");
        await Assertions.Expect(page.GetByTestId("problem").First).ToContainTextAsync("超出用户的权限范围");
        Assert.Equal(0, await page.Locator("[data-testid=lots]").CountAsync());
    }

    [Fact]
    public async Task A_prefecture_sees_its_counties_and_the_console_switches_to_english()
    {
        await api.IssueLotAsync(Hainan, QuotaKind.Replenishment, Replenishment(4m, 400m, 0));

        await using var console = await chromium.SignInAsync(api, "prefecture", Wuhai, "li");
        var page = console.Page;

        Assert.EndsWith($"/console/holders/{Wuhai}", page.Url);
        await Assertions.Expect(page.Locator($"[data-testid=counties] tr[data-county='{Hainan}'] td").Nth(1)).ToHaveTextAsync(Figure(4m));
        await Assertions.Expect(page.Locator("h2").First).ToHaveTextAsync("指标余额");

        await page.GetByTestId("language").SelectOptionAsync("en");
        await Assertions.Expect(page.Locator("h2").First).ToHaveTextAsync("Balances");
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("Prefecture · 乌海市 · li");
        await console.ScreenshotAsync("console-prefecture-en");

        // The choice is kept, and the API's refusals come in English too.
        await page.GotoAsync("/console/holders/150100");
        await Assertions.Expect(page.GetByTestId("problem").First).ToContainTextAsync("Outside the user's scope");
    }
}
