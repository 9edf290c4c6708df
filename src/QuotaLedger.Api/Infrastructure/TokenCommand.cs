using QuotaLedger.Domain;

namespace QuotaLedger.Api.Infrastructure;

/// <summary><c>mint-token --role county --org 150102 [--user alice] [--hours 12]</c>: a development token on stdout.</summary>
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        var options = args.Chunk(2).Where(p => p.Length == 2 && p[0].StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(p => p[0][2..], p => p[1]);
        if (!options.TryGetValue("role", out var roleText) || Auth.RoleNamed(roleText) is not { } role
            || !options.TryGetValue("org", out var org))
        {
            Console.Error.WriteLine("usage: mint-token --role centre|prefecture|county|buyer --org <region code or buyer id> [--user <id>] [--hours <n>]");
            return 2;
        }
        var user = options.GetValueOrDefault("user") ?? $"{Auth.RoleName(role)}-{org}";
        var hours = options.TryGetValue("hours", out var h) && int.TryParse(h, out var n) && n > 0 ? n : 12;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        if (Auth.ActorOf(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new(Auth.UserClaim, user), new(Auth.RoleClaim, Auth.RoleName(role)), new(Auth.OrganisationClaim, org)])), RegionCatalog.InnerMongolia) is null)
        {
            Console.Error.WriteLine($"'{org}' is not an organisation a {role} user can have (centre: 150000; prefecture/county: their code; buyer: not a region code).");
            return 2;
        }
        Console.WriteLine(Auth.MintDevelopmentToken(configuration, role, org, user, TimeSpan.FromHours(hours)));
        return 0;
    }
}
