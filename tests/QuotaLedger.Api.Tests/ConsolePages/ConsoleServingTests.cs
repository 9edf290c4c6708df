using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using QuotaLedger.Api.Shared;
using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>How the service serves the console: its pages, its files, its sign-in settings, and who a token names.</summary>
public sealed partial class ConsoleServingTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Theory]
    [InlineData("/console/")]
    [InlineData("/console/work")]
    [InlineData("/console/holders/150102")]
    public async Task Every_page_of_the_console_is_its_index_kept_to_this_service(string path)
    {
        var response = await api.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"app\"></div>", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoCache, "a new deployment's page must be asked for again");
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("connect-src 'self';", policy);
    }

    [Fact]
    public async Task The_console_without_its_slash_is_sent_to_it_and_its_hashed_files_are_kept_for_good()
    {
        var client = api.CreateClient(new() { AllowAutoRedirect = false });
        var bare = await client.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/console/", bare.Headers.Location?.ToString());

        var index = await client.GetStringAsync("/console/");
        var script = ScriptSource().Match(index).Groups[1].Value;
        Assert.StartsWith("/console/assets/", script);
        var asset = await client.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.True(asset.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(365));
    }

    [Fact]
    public async Task The_settings_offer_development_tokens_and_no_issuer_when_none_is_configured()
    {
        var settings = await api.Anonymous().GetAsync<ConsoleEndpoints.ConsoleSettings>("/console/settings.json");

        Assert.Null(settings.Oidc);
        Assert.True(settings.DevelopmentTokens);
    }

    [Fact]
    public async Task With_an_issuer_and_a_client_id_the_settings_offer_the_code_flow_and_the_page_may_reach_the_issuer()
    {
        await using var withIssuer = api.WithWebHostBuilder(builder => builder
            .UseSetting("Auth:Authority", "https://id.nmg.example/realms/quota")
            .UseSetting("Console:Oidc:ClientId", "quotaledger-console"));
        var client = withIssuer.CreateClient();

        var settings = await client.GetAsync<ConsoleEndpoints.ConsoleSettings>("/console/settings.json");
        Assert.Equal(new ConsoleEndpoints.OidcClient("https://id.nmg.example/realms/quota", "quotaledger-console", "openid"), settings.Oidc);
        Assert.False(settings.DevelopmentTokens, "with an issuer the API takes none of the development key's tokens");
        var page = await client.GetAsync("/console/");
        Assert.Contains("connect-src 'self' https://id.nmg.example;", string.Join(" ", page.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Me_answers_who_the_token_names_with_the_organisations_chinese_name()
    {
        var county = await api.County("150102", "zhang").GetAsync<JsonElement>("/api/v1/me");
        Assert.Equal("zhang", county.GetProperty("user").GetString());
        Assert.Equal("county", county.GetProperty("role").GetString());
        Assert.Equal("150102", county.GetProperty("organisation").GetString());
        Assert.Equal("新城区", county.GetProperty("organisationName").GetString());

        var buyer = await api.As("buyer", "0190a7e2-0000-7000-8000-000000000001").GetAsync<JsonElement>("/api/v1/me");
        Assert.Equal(JsonValueKind.Null, buyer.GetProperty("organisationName").ValueKind);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/api/v1/me")).StatusCode);
    }

    [GeneratedRegex("<script type=\"module\" crossorigin src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
