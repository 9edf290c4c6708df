using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Buyers;
using static QuotaLedger.Api.Tests.Trading.TradingSteps;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>The centre registers buyers of other provinces, suspends, bars and reinstates them; a buyer sees only itself.</summary>
public sealed class BuyersTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task The_centre_registers_a_buyer_whose_users_see_it_under_their_own_token()
    {
        var centre = api.Centre();
        var id = await centre.RegisterBuyerAsync("330000", "Zhejiang land reserve centre", "trading desk");

        var seen = await api.Buyer(id).GetAsync(BuyerPath(id));
        Assert.Equal("\"1\"", seen.ETag());
        var buyer = await seen.ReadAsync<ResourceView<Buyer>>();
        Assert.Equal(new Buyer(id, "330000", "Zhejiang land reserve centre", "trading desk", null), buyer.Resource);
        Assert.Equal(id.ToString(), buyer.Resource.Holder);
        Assert.Equal(["buyer_registered"], buyer.History!.Select(e => e.Type));
    }
}
