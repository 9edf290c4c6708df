using Microsoft.Playwright;
using QuotaLedger.Api.Tests.Support;
using static QuotaLedger.Api.Tests.ConsolePages.ConsoleSteps;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>
/// The README's console section, as a newcomer follows it: its bash blocks as written (the English and the Chinese
/// README's), then the steps it describes, in Chromium, with the tokens <c>./run.sh token</c> mints.
/// </summary>
[Collection(Chromium.Collection)]
public sealed class ReadmeConsoleTests(NewcomersApi api, Chromium chromium) : IClassFixture<NewcomersApi>
{
    /// <summary>The section's walk: answers the storage application it filed and the centre's token it printed.</summary>
    private async Task<(string Application, string CentreToken)> WalkAsync(string heading, string file)
    {
        var lines = (await ReadmeWalk.RunAsync(heading, api.Address, file)).Trim().Split('\n');
        return (lines[^2].Trim(), lines[^1].Trim());
    }

    [Fact]
    public async Task The_console_section_works_as_written()
    {
        var (application, centreToken) = await WalkAsync("## The console", "README.md");

        await using var console = await chromium.SignInAsync(api, centreToken);
        var page = console.Page;
        await Assertions.Expect(page.Locator("[data-testid=overview] h1")).ToHaveTextAsync("全区总览");

        await page.NavigateAsync("待办");
        var item = page.Locator($"[data-section=storage] [data-item='{application}']");
        await Assertions.Expect(item).ToContainTextAsync("新城区 · 补充耕地指标 · 58.2500 亩");
        await item.Locator("[data-action=approve]").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);

        await page.NavigateAsync("全区总览");
        await Assertions.Expect(page.Locator("[data-testid=balances] tr[data-prefecture='150100'] td[data-bucket=available]"))
            .ToHaveTextAsync(Figure(58.25m));

        await page.GetByTestId("sign-out").ClickAsync();
        var countyToken = (await TokenAsync("county", "150102")).Trim();
        await page.GetByTestId("token").FillAsync(countyToken);
        await page.GetByTestId("sign-in-token").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=holder] h1")).ToContainTextAsync("新城区");
        await page.GetByTestId("provenance-toggle").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("provenance-origin")).ToContainTextAsync("新城区耕地提质改造");

        await page.NavigateAsync("交易");
        await Assertions.Expect(page.GetByTestId("trading")).ToBeVisibleAsync();
        await page.NavigateAsync("导出");
        await page.GetByTestId("language").SelectOptionAsync("en");
        await Assertions.Expect(page.Locator("[data-testid=exports] h1")).ToHaveTextAsync("Exports (CSV)");
    }

    [Fact]
    public async Task The_chinese_console_section_works_as_written()
    {
        var (application, centreToken) = await WalkAsync("## 控制台", "README.zh-CN.md");

        await using var console = await chromium.SignInAsync(api, centreToken);
        await console.Page.NavigateAsync("待办");
        await Assertions.Expect(console.Page.Locator($"[data-section=storage] [data-item='{application}']"))
            .ToContainTextAsync("新城区 · 补充耕地指标 · 58.2500 亩");
    }

    private static async Task<string> TokenAsync(string role, string organisation)
    {
        var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(RepositoryFiles.PathOf("run.sh"), ["token", role, organisation])
        {
            WorkingDirectory = RepositoryFiles.PathOf(), RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var token = await run.StandardOutput.ReadToEndAsync();
        await run.WaitForExitAsync();
        Assert.Equal(0, run.ExitCode);
        return token;
    }
}
