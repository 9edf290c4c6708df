using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// R6: a transfer into a prefecture from outside it, proposed while the prefecture and its counties together hold the
/// amount available, is flagged to the approver, not refused.
/// </summary>
public sealed class TransferHomeBalanceTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    // Xilingol (1525) and its counties; Chifeng (1504) as the other prefecture: no other test class of this fixture's database uses them.
    private const string Xilingol = "152500", Xilinhot = "152502", Erenhot = "152501", Hongshan = "150402";
    private const QuotaKind Kind = QuotaKind.Replenishment;

    [Fact]
    public async Task A_transfer_the_receiving_prefecture_could_balance_at_home_is_flagged_and_one_it_could_not_is_not()
    {
        await api.IssueLotAsync(Xilinhot, Kind, Replenishment(6, 300, 1));
        await api.IssueLotAsync(Erenhot, Kind, Replenishment(4, 200, 0));
        await api.IssueLotAsync(Hongshan, Kind, Replenishment(50, 5000, 10));
        var hongshan = api.County(Hongshan);
        var atHome = Replenishment(10, 500, 1);

        var could = await hongshan.ProposeTransferAsync(Hongshan, Xilinhot, Kind, Replenishment(10, 500, 0), "bought from Chifeng");
        var shortOfGrain = await hongshan.ProposeTransferAsync(Hongshan, Erenhot, Kind, Replenishment(1, 500.01m, 0), "bought from Chifeng");
        var shortOfPaddy = await hongshan.ProposeTransferAsync(Hongshan, Xilingol, Kind, Replenishment(1, 0, 1.0001m), "bought from Chifeng");
        var inside = await api.County(Erenhot).ProposeTransferAsync(Erenhot, Xilinhot, Kind, Replenishment(1, 0, 0));

        var flagged = await api.Centre().GetAsync<ResourceView<Transfer>>($"{Transfers}/{could}");
        Assert.Equal(new HomeBalanceFlag(Xilingol, atHome), flagged.Resource.HomeBalance);
        var json = await api.Centre().GetJsonAsync($"{Transfers}/{could}");
        Assert.Equal(Xilingol, json.GetProperty("resource").GetProperty("homeBalance").GetProperty("prefecture").GetString());
        Assert.Equal(Xilingol, json.GetProperty("history")[0].GetProperty("data").GetProperty("homeBalance").GetProperty("prefecture").GetString());
        foreach (var id in new[] { shortOfGrain, shortOfPaddy, inside })
            Assert.Null((await api.Centre().GetAsync<ResourceView<Transfer>>($"{Transfers}/{id}")).Resource.HomeBalance);

        var list = await api.Prefecture(Xilingol).GetAsync<Page<ResourceView<Transfer>>>($"{Transfers}?holder={Xilingol}");
        Assert.Equal(new HomeBalanceFlag(Xilingol, atHome), list.Items.Single(t => t.Resource.Id == could).Resource.HomeBalance);
        // A flag, not a refusal: the approver may still approve.
        await api.Centre().ApproveTransferAsync(could);
    }
}
