using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>The README's section "For buyers", run as written: its bash blocks, in order, in one shell, with curl.</summary>
public sealed class ReadmeBuyersTests(NewcomersApi api) : IClassFixture<NewcomersApi>
{
    [Fact]
    public async Task The_walk_from_a_token_to_delivered_quota_works_as_written()
    {
        await ReadmeWalk.RunAsync("## For buyers", api.Address);

        Assert.Equal(1, await api.EventCountAsync("deal_delivered"));
        Assert.Empty(await api.VerifyAsync());
    }
}
