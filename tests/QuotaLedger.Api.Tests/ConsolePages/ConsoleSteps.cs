using Microsoft.Playwright;
using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>What a user does in the console: sign in with a development token, as README "The console" says.</summary>
public static class ConsoleSteps
{
    /// <summary>Signs in with a token of the tests' signing key; answers the page where the console took the user.</summary>
    public static Task<BrowserPage> SignInAsync(this Chromium chromium, KestrelLedgerApi api, string role, string organisation, string user) =>
        chromium.SignInAsync(api, LedgerApi.Token(role, organisation, user));

    /// <summary>Pastes a development token on the sign-in page; answers the page where the console took the user.</summary>
    public static async Task<BrowserPage> SignInAsync(this Chromium chromium, KestrelLedgerApi api, string token)
    {
        var page = await chromium.OpenAsync(api, "/console/");
        await page.Page.GetByTestId("token").FillAsync(token);
        await page.Page.GetByTestId("sign-in-token").ClickAsync();
        await page.Page.GetByTestId("who").WaitForAsync();
        await page.Page.WaitForURLAsync(url => !url.EndsWith("/console/", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Follows a link of the console's navigation bar, as a user clicks it.</summary>
    public static async Task NavigateAsync(this IPage page, string linkText) =>
        await page.GetByTestId("nav").GetByRole(AriaRole.Link, new() { Name = linkText, Exact = true }).ClickAsync();

    /// <summary>The figure the console shows for a measure: the ledger's decimals (mu 4, kg 2), grouped by thousands.</summary>
    public static string Figure(decimal value, int decimals = 4) =>
        value.ToString($"N{decimals}", System.Globalization.CultureInfo.InvariantCulture);
}
