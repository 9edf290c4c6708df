using System.IdentityModel.Tokens.Jwt;
using System.Net;
using Microsoft.Extensions.Configuration;
using QuotaLedger.Api.Shared;
using QuotaLedger.Api.Shared.Commands;
using QuotaLedger.Api.Tests.Support;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary><c>./run.sh token</c>'s arguments: several tokens in the order asked, a lifetime, and a clear refusal of anything else.</summary>
public sealed class TokenCommandTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private static readonly IConfiguration WithServiceKey = new ConfigurationBuilder()
        .AddInMemoryCollection([new("Auth:DevelopmentSigningKey", LedgerApi.SigningKey)])
        .Build();

    private static (int Code, string[] Tokens, string Errors) Mint(IConfiguration configuration, params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = TokenCommand.Run(args, configuration, output, errors);
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), errors.ToString());
    }

    private static (int Code, string[] Tokens, string Errors) Mint(params string[] args) => Mint(WithServiceKey, args);

    private static (string Role, string Org, string User, TimeSpan Lifetime) Claims(string token)
    {
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
        string Claim(string type) => jwt.Claims.Single(c => c.Type == type).Value;
        return (Claim(Auth.RoleClaim), Claim(Auth.OrganisationClaim), Claim(Auth.UserClaim), jwt.ValidTo - jwt.ValidFrom);
    }

    [Fact]
    public void Several_tokens_come_one_a_line_in_the_order_asked_each_named_on_stderr()
    {
        var (code, tokens, errors) = Mint("county", "150102", "prefecture", "150100", "centre", "150000:alice", "centre", "150000:bob");

        Assert.Equal(0, code);
        Assert.Equal(
            [("county", "150102", "county-150102"), ("prefecture", "150100", "prefecture-150100"), ("centre", "150000", "alice"), ("centre", "150000", "bob")],
            tokens.Select(Claims).Select(c => (c.Role, c.Org, c.User)));
        Assert.All(tokens, t => Assert.Equal(TokenCommand.DefaultLifetime, Claims(t).Lifetime));
        Assert.Equal(["county 150102, user county-150102:", "prefecture 150100, user prefecture-150100:", "centre 150000, user alice:",
            "centre 150000, user bob:"], errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void One_token_is_the_only_thing_printed()
    {
        var (code, tokens, errors) = Mint("buyer", "b-17");

        Assert.Equal(0, code);
        var (role, org, user, _) = Claims(Assert.Single(tokens));
        Assert.Equal(("buyer", "b-17", "buyer-b-17"), (role, org, user));
        Assert.Empty(errors);
    }

    [Fact]
    public void Hours_set_the_lifetime_of_every_token_wherever_they_stand()
    {
        var (code, tokens, _) = Mint("county", "150102", "--hours", "720", "county", "150103");

        Assert.Equal(0, code);
        Assert.All(tokens, t => Assert.Equal(TimeSpan.FromHours(720), Claims(t).Lifetime));
        Assert.Equal(TimeSpan.FromHours(1), Claims(Assert.Single(Mint("--hours", "1", "county", "150102").Tokens)).Lifetime);
    }

    [Theory]
    [InlineData("Name at least one token", new string[0])]
    [InlineData("'alice' is not a role", new[] { "centre", "150000", "alice" })]
    [InlineData("'Centre' is not a role", new[] { "Centre", "150000" })]
    [InlineData("'county' needs an organisation", new[] { "county" })]
    [InlineData("'county' needs an organisation", new[] { "county", "--hours", "2" })]
    [InlineData("names no organisation", new[] { "centre", ":alice" })]
    [InlineData("names no user", new[] { "centre", "150000:" })]
    [InlineData("'150102' is not an organisation a centre user can have", new[] { "centre", "150102" })]
    [InlineData("'150000' is not an organisation a county user can have", new[] { "county", "150000" })]
    [InlineData("'150102' is not an organisation a buyer user can have", new[] { "buyer", "150102" })]
    [InlineData("--hours takes a whole number of hours from 1 to 720", new[] { "--hours", "0", "county", "150102" })]
    [InlineData("--hours takes a whole number of hours from 1 to 720", new[] { "--hours", "721", "county", "150102" })]
    [InlineData("--hours takes a whole number of hours from 1 to 720", new[] { "--hours", "1.5", "county", "150102" })]
    [InlineData("--hours takes a whole number of hours from 1 to 720", new[] { "county", "150102", "--hours" })]
    [InlineData("--hours is given twice", new[] { "--hours", "2", "county", "150102", "--hours", "3" })]
    [InlineData("Unknown option '--user'", new[] { "--user", "alice", "centre", "150000" })]
    public void Bad_arguments_mint_nothing_and_say_why(string reason, string[] args)
    {
        var (code, tokens, errors) = Mint(args);

        Assert.Equal(2, code);
        Assert.Empty(tokens);
        Assert.Contains(reason, errors);
        Assert.Contains(TokenCommand.Usage, errors);
    }

    [Fact]
    public void Without_a_development_key_nothing_is_minted()
    {
        var (code, tokens, errors) = Mint(new ConfigurationBuilder().Build(), "county", "150102");

        Assert.Equal(1, code);
        Assert.Empty(tokens);
        Assert.Contains("Auth:DevelopmentSigningKey is not set", errors);
    }

    [Fact]
    public async Task The_service_accepts_what_the_command_mints()
    {
        var (_, tokens, _) = Mint("county", "150102", "centre", "150000:alice");

        foreach (var token in tokens)
            Assert.Equal(HttpStatusCode.OK, (await api.WithToken(token).GetAsync($"{Holder("150102")}/balances")).StatusCode);
    }
}
