using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Ledger;

/// <summary>
/// A transfer in one step (<c>POST /api/v1/transfers/direct</c>) by a user who may decide it: the same record and the same
/// movement of quota as a proposal and its approval, in one request.
/// </summary>
public sealed class DirectTransferTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Hohhot = "150100", Xincheng = "150102", Huimin = "150103", Yuquan = "150104", Saihan = "150105";
    private const string Tumed = "150121", Tuoketuo = "150122";
    private const QuotaKind Kind = QuotaKind.Replenishment;
    private static readonly Measures Amount = Replenishment(12, 1200, 1);

    [Fact]
    public async Task A_prefecture_moves_quota_between_its_counties_in_one_step_as_a_proposal_and_its_approval_would()
    {
        await api.IssueLotAsync(Xincheng, Kind, Replenishment(30, 3000, 3));
        await api.IssueLotAsync(Yuquan, Kind, Replenishment(30, 3000, 3));
        var hohhot = api.Prefecture(Hohhot);

        var twoSteps = await api.County(Xincheng).ProposeTransferAsync(Xincheng, Huimin, Kind, Amount);
        await hohhot.ApproveTransferAsync(twoSteps);
        var created = await (await hohhot.PostJsonAsync($"{Transfers}/direct", TransferBody(Yuquan, Saihan, Kind, Amount)))
            .ReadAsync<CommandResult>(HttpStatusCode.Created);

        Assert.Equal(2, created.Version);
        var direct = await hohhot.GetAsync<ResourceView<Transfer>>($"{Transfers}/{created.Id}");
        var stepwise = await hohhot.GetAsync<ResourceView<Transfer>>($"{Transfers}/{twoSteps}");
        Assert.Equal(["transfer_proposed", "transfer_approved"], direct.History!.Select(h => h.Type));
        Assert.Equal(stepwise.History!.Select(h => h.Type), direct.History!.Select(h => h.Type));
        Assert.Equal((TransferStatus.Approved, Amount, direct.Resource.ProposedBy), (direct.Resource.Status, direct.Resource.Amount, direct.Resource.DecidedBy));
        Assert.Equal(stepwise.Resource.Received.Select(r => r.Amount), direct.Resource.Received.Select(r => r.Amount));
        Assert.Equal(await hohhot.BalanceAsync(Huimin, Kind), await hohhot.BalanceAsync(Saihan, Kind));
        Assert.Equal(await hohhot.BalanceAsync(Xincheng, Kind), await hohhot.BalanceAsync(Yuquan, Kind));
        Assert.Empty(await api.VerifyAsync());
    }

    [Fact]
    public async Task Who_may_not_decide_the_transfer_may_not_make_it_in_one_step_and_four_eyes_still_guard_the_region_account()
    {
        await api.IssueLotAsync(Tumed, Kind, Replenishment(30, 3000, 3));
        var centre = api.Centre("alice");
        await centre.ApproveTransferAsync(await centre.ProposeTransferAsync(Tumed, RegionCatalog.RegionCode, Kind, Amount, "统筹 into the pool"));
        var pool = await centre.BalanceAsync(RegionCatalog.RegionCode, Kind);

        await (await api.County(Tumed).PostJsonAsync($"{Transfers}/direct", TransferBody(Tumed, Tuoketuo, Kind, Amount)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Prefecture(Hohhot).PostJsonAsync($"{Transfers}/direct", TransferBody(Tumed, "150202", Kind, Amount)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await centre.PostJsonAsync($"{Transfers}/direct", TransferBody(RegionCatalog.RegionCode, Hohhot, Kind, Amount)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "four-eyes-required");

        Assert.Equal(pool, await centre.BalanceAsync(RegionCatalog.RegionCode, Kind));
    }
}
