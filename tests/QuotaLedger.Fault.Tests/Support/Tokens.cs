using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;
using QuotaLedger.Api.Shared;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>Development tokens, signed with the key of the service's appsettings.Development.json, and forged ones.</summary>
public static class Tokens
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Repo.ApiDirectory, "appsettings.Development.json"), optional: false)
        .Build();

    public static string Mint(Role role, string organisation, string? user = null) =>
        Auth.MintDevelopmentToken(Configuration, role, organisation, user ?? $"{role.ToString().ToLowerInvariant()}-{organisation}",
            TimeSpan.FromHours(4));

    public static string Centre(string user = "centre-fault") => Mint(Role.Centre, "150000", user);
    public static string Prefecture(string code) => Mint(Role.Prefecture, code);
    public static string County(string code) => Mint(Role.County, code);

    /// <summary>A user of a registered buyer: its id is the token's organisation.</summary>
    public static string Buyer(Guid buyerId) => Mint(Role.Buyer, buyerId.ToString());

    private static string DevelopmentKey => Configuration["Auth:DevelopmentSigningKey"]!;

    /// <summary>A token with any claims, key, issuer, audience and lifetime: the service must refuse the forged ones.</summary>
    public static string Custom(string? role, string? organisation, string? user, string? key = null, string issuer = Auth.Issuer,
        string audience = Auth.Audience, DateTime? notBefore = null, DateTime? expires = null, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var claims = new List<Claim>();
        if (user is not null) claims.Add(new Claim(Auth.UserClaim, user));
        if (role is not null) claims.Add(new Claim(Auth.RoleClaim, role));
        if (organisation is not null) claims.Add(new Claim(Auth.OrganisationClaim, organisation));
        var from = notBefore ?? DateTime.UtcNow.AddMinutes(-5);
        var signing = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key ?? DevelopmentKey));
        var token = new JwtSecurityToken(issuer, audience, claims, from, expires ?? from.AddHours(4), new SigningCredentials(signing, algorithm));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>An unsigned token (alg none) with the claims of a centre user.</summary>
    public static string Unsigned()
    {
        static string B64(string s) => Base64UrlEncoder.Encode(s);
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
               B64($"{{\"sub\":\"mallory\",\"role\":\"centre\",\"org\":\"150000\",\"iss\":\"{Auth.Issuer}\",\"aud\":\"{Auth.Audience}\",\"exp\":{exp}}}") + ".";
    }

    /// <summary>A valid centre token whose payload was edited afterwards (role raised), so its signature no longer matches.</summary>
    public static string Tampered()
    {
        var parts = Mint(Role.County, "150102", "mallory").Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"county\"", "\"centre\"").Replace("\"150102\"", "\"150000\"");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}
