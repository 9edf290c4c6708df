using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// JWT bearer authentication. Production trusts an external issuer (<c>Auth:Authority</c>, whose signing keys are
/// fetched from its metadata, or <c>Auth:SigningKeys</c>, PEM public keys in configuration). For local use only,
/// <c>Auth:DevelopmentSigningKey</c> lets <c>mint-token</c> sign tokens; there is no user database of our own.
/// </summary>
public static class Auth
{
    public const string RoleClaim = "role";
    public const string OrganisationClaim = "org";
    public const string UserClaim = "sub";
    public const string Issuer = "quotaledger-dev";
    public const string Audience = "quotaledger";

    public static void AddLedgerAuthentication(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = auth["Audience"] ?? Audience,
                NameClaimType = UserClaim,
                RoleClaimType = RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            switch (IssuerOf(builder.Configuration))
            {
                case TokenIssuer.Authority:
                    var authority = auth["Authority"]!;
                    options.Authority = authority;
                    // An issuer's metadata over plain HTTP only where it is local (a test's, a development machine's).
                    options.RequireHttpsMetadata = auth.GetValue("RequireHttpsMetadata", true);
                    options.TokenValidationParameters.ValidIssuer = auth["Issuer"] ?? authority;
                    break;
                case TokenIssuer.SigningKeys:
                    options.TokenValidationParameters.ValidIssuer = auth["Issuer"];
                    options.TokenValidationParameters.IssuerSigningKeys = SigningKeysOf(builder.Configuration).Select(PublicKey).ToArray();
                    break;
                case TokenIssuer.DevelopmentKey:
                    options.TokenValidationParameters.ValidIssuer = Issuer;
                    options.TokenValidationParameters.IssuerSigningKey = DevelopmentKey(builder.Configuration);
                    break;
                default:
                    throw new InvalidOperationException(
                        "No token issuer is configured: set Auth:Authority or Auth:SigningKeys, or Auth:DevelopmentSigningKey for local use.");
            }
        });
        builder.Services.AddAuthorization();
    }

    /// <summary>The actor of an authenticated principal, or null when its claims do not name a known role and organisation.</summary>
    public static Actor? ActorOf(ClaimsPrincipal principal, RegionCatalog regions)
    {
        var user = principal.FindFirstValue(UserClaim);
        var org = principal.FindFirstValue(OrganisationClaim);
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(org) || RoleNamed(principal.FindFirstValue(RoleClaim)) is not { } role)
            return null;
        var orgFits = role switch
        {
            Role.Centre => org == RegionCatalog.RegionCode,
            Role.Prefecture => regions.Find(org)?.Level == RegionLevel.Prefecture,
            Role.County => regions.IsCounty(org),
            Role.Buyer => !regions.IsHolder(org),
            _ => false,
        };
        return orgFits ? new Actor(user, role, org) : null;
    }

    /// <summary>
    /// The role a claim names, spelt exactly as documented (centre, prefecture, county, buyer): Enum.TryParse would also
    /// take "0" as the centre, and another letter case is not a name the issuer was told to use.
    /// </summary>
    public static Role? RoleNamed(string? name) =>
        Enum.GetValues<Role>().Where(r => RoleName(r) == name).Select(r => (Role?)r).FirstOrDefault();

    public static string RoleName(Role role) => SnakeCaseEnumConverter.NameOf(role);

    /// <summary>Whose tokens the API checks: the first configured of an issuer, its public keys, the development key.</summary>
    public enum TokenIssuer { None, Authority, SigningKeys, DevelopmentKey }

    public static TokenIssuer IssuerOf(IConfiguration configuration) =>
        configuration["Auth:Authority"] is { Length: > 0 } ? TokenIssuer.Authority
        : SigningKeysOf(configuration).Length > 0 ? TokenIssuer.SigningKeys
        : DevelopmentKey(configuration) is not null ? TokenIssuer.DevelopmentKey
        : TokenIssuer.None;

    /// <summary>Whether the API checks tokens with the development key: only when no issuer is configured.</summary>
    public static bool AcceptsDevelopmentTokens(IConfiguration configuration) => IssuerOf(configuration) == TokenIssuer.DevelopmentKey;

    /// <summary>Whether a development key is configured, so that <see cref="MintDevelopmentToken"/> can sign.</summary>
    public static bool SignsDevelopmentTokens(IConfiguration configuration) => DevelopmentKey(configuration) is not null;

    /// <summary>Signs a development token; refuses when no development key is configured.</summary>
    public static string MintDevelopmentToken(IConfiguration configuration, Role role, string organisation, string user, TimeSpan lifetime)
    {
        var key = DevelopmentKey(configuration)
                  ?? throw new InvalidOperationException("Auth:DevelopmentSigningKey is not set: development tokens are off.");
        var token = new JwtSecurityToken(Issuer, Audience,
            [
                new Claim(UserClaim, user),
                new Claim(RoleClaim, RoleName(role)),
                new Claim(OrganisationClaim, organisation),
            ],
            DateTime.UtcNow, DateTime.UtcNow.Add(lifetime), new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    private static string[] SigningKeysOf(IConfiguration configuration) => configuration.GetSection("Auth:SigningKeys").Get<string[]>() ?? [];

    private static SymmetricSecurityKey? DevelopmentKey(IConfiguration configuration) =>
        configuration["Auth:DevelopmentSigningKey"] is { Length: >= 32 } secret ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)) : null;

    private static SecurityKey PublicKey(string pem)
    {
        try
        {
            var rsa = System.Security.Cryptography.RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            var ec = System.Security.Cryptography.ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }
}
