using System.Globalization;
using System.Security.Claims;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Api.Shared.Commands;

/// <summary>
/// <c>mint-token [--hours N] &lt;role&gt; &lt;org&gt;[:&lt;user&gt;] …</c>: development tokens on stdout, one a line, in
/// the order asked, so that a script can read them back; when several are asked, each is named on stderr first.
/// <c>./run.sh token</c> runs it from the built output.
/// </summary>
public static class TokenCommand
{
    public const string Usage =
        "arguments: [--hours <1-720>] <role> <org>[:<user>] [<role> <org>[:<user>] ...]\n" +
        "  role: centre | prefecture | county | buyer\n" +
        "  org:  150000 for the centre, a prefecture's or county's code, a buyer's id\n" +
        "  user: the token's subject, by default <role>-<org>; --hours: its lifetime, by default 12";

    public const int MaxHours = 720;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(12);

    public sealed record TokenRequest(Role Role, string Organisation, string User);

    public sealed record Arguments(IReadOnlyList<TokenRequest> Tokens, TimeSpan Lifetime);

    public static int Run(string[] args) => Run(args, DevelopmentConfiguration(), Console.Out, Console.Error);

    public static int Run(IReadOnlyList<string> args, IConfiguration configuration, TextWriter output, TextWriter errors)
    {
        var (arguments, problem) = Parse(args);
        if (arguments is null)
        {
            errors.WriteLine(problem);
            errors.WriteLine(Usage);
            return 2;
        }
        if (!Auth.SignsDevelopmentTokens(configuration))
        {
            errors.WriteLine("Auth:DevelopmentSigningKey is not set (at least 32 characters): development tokens are off.");
            return 1;
        }
        foreach (var token in arguments.Tokens)
        {
            if (arguments.Tokens.Count > 1)
                errors.WriteLine($"{Auth.RoleName(token.Role)} {token.Organisation}, user {token.User}:");
            output.WriteLine(Auth.MintDevelopmentToken(configuration, token.Role, token.Organisation, token.User, arguments.Lifetime));
        }
        return 0;
    }

    /// <summary>The tokens and their lifetime, or why the arguments name none.</summary>
    public static (Arguments? Arguments, string? Problem) Parse(IReadOnlyList<string> args)
    {
        var tokens = new List<TokenRequest>();
        TimeSpan? lifetime = null;
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i];
            if (word == "--hours")
            {
                if (lifetime is not null) return (null, "--hours is given twice.");
                if (i + 1 == args.Count || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                    || hours is < 1 or > MaxHours)
                    return (null, $"--hours takes a whole number of hours from 1 to {MaxHours}.");
                lifetime = TimeSpan.FromHours(hours);
                continue;
            }
            if (word.StartsWith('-')) return (null, $"Unknown option '{word}'.");
            if (Auth.RoleNamed(word) is not { } role)
                return (null, $"'{word}' is not a role (centre, prefecture, county or buyer); a user is named after the organisation, e.g. 150000:alice.");
            if (i + 1 == args.Count || args[i + 1].StartsWith('-')) return (null, $"'{word}' needs an organisation after it.");
            var (organisation, user) = OrganisationAndUser(args[++i], role);
            if (organisation.Length == 0) return (null, $"'{args[i]}' names no organisation.");
            if (user.Length == 0) return (null, $"'{args[i]}' names no user after the ':'.");
            if (!CanBelongTo(role, organisation, user))
                return (null, $"'{organisation}' is not an organisation a {Auth.RoleName(role)} user can have " +
                              "(centre: 150000; prefecture or county: its code; buyer: an id that is not a region code).");
            tokens.Add(new TokenRequest(role, organisation, user));
        }
        return tokens.Count == 0
            ? (null, "Name at least one token: <role> <org>[:<user>].")
            : (new Arguments(tokens, lifetime ?? DefaultLifetime), null);
    }

    private static (string Organisation, string User) OrganisationAndUser(string word, Role role)
    {
        var colon = word.IndexOf(':');
        return colon < 0 ? (word, $"{Auth.RoleName(role)}-{word}") : (word[..colon], word[(colon + 1)..]);
    }

    /// <summary>The service's own reading of the claims decides, so that no token is minted that it would refuse.</summary>
    private static bool CanBelongTo(Role role, string organisation, string user) =>
        Auth.ActorOf(new ClaimsPrincipal(new ClaimsIdentity(
            [new(Auth.UserClaim, user), new(Auth.RoleClaim, Auth.RoleName(role)), new(Auth.OrganisationClaim, organisation)])),
            RegionCatalog.InnerMongolia) is not null;

    private static IConfiguration DevelopmentConfiguration() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
}
