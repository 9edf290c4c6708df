using Microsoft.Playwright;
using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>Signing in to the console at an OpenID Connect issuer, in headless Chromium: authorization code with PKCE.</summary>
[Collection(Chromium.Collection)]
public sealed class ConsoleIssuerSignInTests(IssuerLedgerApi api, Chromium chromium) : IClassFixture<IssuerLedgerApi>
{
    [Fact]
    public async Task A_user_signs_in_at_the_issuer_with_pkce_and_the_api_takes_its_access_token()
    {
        api.Issuer.SignsIn = ("prefecture", "150200", "wang");
        await using var console = await chromium.OpenAsync(api, "/console/");
        var page = console.Page;
        Assert.Equal(0, await page.GetByTestId("token").CountAsync());

        await page.GetByTestId("sign-in-issuer").ClickAsync();

        await Assertions.Expect(page.GetByTestId("who")).ToHaveTextAsync("盟市 · 包头市 · wang");
        await Assertions.Expect(page).ToHaveURLAsync($"{api.Address}console/holders/150200");
        await Assertions.Expect(page.Locator("[data-testid=holder] h1")).ToContainTextAsync("包头市");
        Assert.Equal(1, api.Issuer.PkceVerified);

        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sign-in-issuer")).ToBeVisibleAsync();
    }
}
