using System.Collections.Concurrent;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using QuotaLedger.Api.Shared;
using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>
/// An OpenID Connect issuer for the console's sign-in test, on Kestrel at a free local port: discovery, authorization
/// (it signs in <see cref="SignsIn"/> at once, with no page of its own), the token endpoint that checks the PKCE
/// verifier against the challenge (S256), and its RSA key. The access token carries the claims the API reads.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string ClientId = "quotaledger-console";

    private readonly WebApplication app;
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-issuer" };
    private readonly ConcurrentDictionary<string, Authorization> codes = new();

    private sealed record Authorization(string Challenge, string RedirectUri, string? Nonce);

    private TestIssuer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        // The console's page calls discovery and the token endpoint from its own origin.
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));
        app = builder.Build();
        app.UseCors();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority, ["authorization_endpoint"] = $"{Authority}/authorize", ["token_endpoint"] = $"{Authority}/token",
            ["jwks_uri"] = $"{Authority}/jwks", ["response_types_supported"] = new[] { "code" },
            ["code_challenge_methods_supported"] = new[] { "S256" }, ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || q["client_id"] != ClientId || string.IsNullOrEmpty(q["code_challenge"]))
                return Results.BadRequest("authorization code with PKCE (S256) only");
            var code = Guid.NewGuid().ToString("N");
            codes[code] = new Authorization(q["code_challenge"]!, q["redirect_uri"]!, q["nonce"]);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (!codes.TryRemove(form["code"].ToString(), out var authorization) || form["redirect_uri"] != authorization.RedirectUri)
                return Results.BadRequest(new { error = "invalid_grant" });
            var verified = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (verified != authorization.Challenge) return Results.BadRequest(new { error = "invalid_grant", error_description = "PKCE" });
            PkceVerified++;
            var (role, organisation, user) = SignsIn;
            var access = Token(Auth.Audience, new Claim(Auth.UserClaim, user), new Claim(Auth.RoleClaim, role), new Claim(Auth.OrganisationClaim, organisation));
            Claim[] identity = authorization.Nonce is { } nonce ? [new(Auth.UserClaim, user), new("nonce", nonce)] : [new(Auth.UserClaim, user)];
            return Results.Json(new { access_token = access, id_token = Token(ClientId, identity), token_type = "Bearer", expires_in = 3600 });
        });
    }

    public string Authority => app.Urls.First().TrimEnd('/');

    /// <summary>Who the next sign-in is: role, organisation and user, as the API reads them from the access token.</summary>
    public (string Role, string Organisation, string User) SignsIn { get; set; } = ("centre", "150000", "alice");

    /// <summary>Token requests whose PKCE verifier matched their authorization's challenge.</summary>
    public int PkceVerified { get; private set; }

    public static TestIssuer Start()
    {
        var issuer = new TestIssuer();
        issuer.app.StartAsync().GetAwaiter().GetResult();
        return issuer;
    }

    private string Token(string audience, params Claim[] claims) => new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
        Authority, audience, claims, DateTime.UtcNow, DateTime.UtcNow.AddHours(1), new SigningCredentials(key, SecurityAlgorithms.RsaSha256)));

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

/// <summary>The API on Kestrel trusting <see cref="TestIssuer"/>, with the console as its OpenID Connect client.</summary>
public sealed class IssuerLedgerApi : KestrelLedgerApi
{
    public TestIssuer Issuer { get; } = TestIssuer.Start();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Authority", Issuer.Authority);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("Console:Oidc:ClientId", TestIssuer.ClientId);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
