using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// The service as a newcomer finds it after <c>./run.sh</c>: on Kestrel, keeping the time of day, checking the tokens
/// <c>./run.sh token</c> mints, and running its trading clock every second.
/// </summary>
public sealed class ReadmeBuyersApi : KestrelLedgerApi
{
    public ReadmeBuyersApi()
    {
        RealTime = true;
        DevelopmentTokens = true;
        TimedCommandsPeriodSeconds = 1;
    }
}

/// <summary>The README's section "For buyers", run as written: its bash blocks, in order, in one shell, with curl.</summary>
public sealed class ReadmeBuyersTests(ReadmeBuyersApi api) : IClassFixture<ReadmeBuyersApi>
{
    [Fact]
    public async Task The_walk_from_a_token_to_delivered_quota_works_as_written()
    {
        await ReadmeWalk.RunAsync("## For buyers", api.Address);

        Assert.Equal(1, await api.EventCountAsync("deal_delivered"));
        Assert.Empty(await api.VerifyAsync());
    }
}
