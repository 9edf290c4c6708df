using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Ledger.Totals;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Ledger;

/// <summary>
/// The issue's main story, through HTTP against real PostgreSQL: a county stores, the centre approves, quota moves, is
/// frozen, is refused while frozen, is unfrozen, consumed and deducted, and the history shows all of it with who and why.
/// </summary>
public sealed class LedgerStoryTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.Replenishment;
    private const string Xincheng = "150102";  // 新城区
    private const string Huimin = "150103";    // 回民区
    private const string Yuquan = "150104";    // 玉泉区
    private const string Hohhot = "150100";    // 呼和浩特市

    private readonly HttpClient xincheng = api.County(Xincheng, "wang.fang");
    private readonly HttpClient yuquan = api.County(Yuquan, "zhao.lei");
    private readonly HttpClient hohhot = api.Prefecture(Hohhot, "li.na");
    private readonly HttpClient centre = api.Centre("chen.jie");

    [Fact]
    public async Task Quota_is_stored_moved_frozen_refused_unfrozen_consumed_and_deducted_and_the_history_tells_who_and_why()
    {
        // 1. Xincheng registers a project and files its acceptance; the centre approves and a lot is issued.
        var project = await xincheng.RegisterProjectAsync(Xincheng, Kind, Replenishment(100, 50_000, 20), name: "Xincheng consolidation 2025");
        var accepted = api.Clock.Today.AddDays(-30);
        var application = (await (await xincheng.PostJsonAsync(StorageApplications,
            StorageBody(project, Replenishment(100, 50_000, 20), 5, accepted, accepted.AddDays(-7)))).ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
        Assert.True((await centre.BalanceAsync(Xincheng, Kind)).Issued.IsZero, "nothing is issued before approval");

        var lot = await centre.ApproveStorageAsync(application, "acceptance verified on site");
        var stored = await xincheng.BalanceAsync(Xincheng, Kind);
        Assert.Equal(Replenishment(100, 50_000, 20), stored.Issued);
        Assert.Equal(Replenishment(100, 50_000, 20), stored.Available);
        var issuedLot = await xincheng.GetAsync<LotWithProvenance>($"{Lots}/{lot}");
        Assert.Equal((project, application, Xincheng), (issuedLot.ProjectId, issuedLot.ApplicationId, issuedLot.Resource.Holder));

        api.Clock.Advance(TimeSpan.FromHours(1));
        var beforeTransfer = api.Clock.Now;
        api.Clock.Advance(TimeSpan.FromHours(1));

        // 2. Xincheng proposes a transfer to Huimin in the same prefecture; the quota is reserved until Hohhot approves.
        var transfer = await xincheng.ProposeTransferAsync(Xincheng, Huimin, Kind, Replenishment(30, 15_000, 6), "Huimin balances its occupation (R6)");
        var proposed = await xincheng.BalanceAsync(Xincheng, Kind);
        Assert.Equal(Replenishment(70, 35_000, 14), proposed.Available);
        Assert.Equal(Replenishment(30, 15_000, 6), proposed.Reserved);

        await hohhot.ApproveTransferAsync(transfer, "balanced inside Hohhot");
        var moved = await hohhot.GetAsync<ResourceView<Transfer>>($"{Transfers}/{transfer}");
        Assert.Equal(TransferStatus.Approved, moved.Resource.Status);
        var received = Assert.Single(moved.Resource.Received);
        Assert.Equal(lot, received.FromLotId);

        var sender = await xincheng.BalanceAsync(Xincheng, Kind);
        Assert.Equal(Replenishment(70, 35_000, 14), sender.Available);
        Assert.True(sender.Reserved.IsZero);
        Assert.Equal(Replenishment(30, 15_000, 6), sender.TransferredOut);
        var receiver = await api.County(Huimin).BalanceAsync(Huimin, Kind);
        Assert.Equal(Replenishment(30, 15_000, 6), receiver.Received);
        Assert.Equal(Replenishment(30, 15_000, 6), receiver.Available);

        // The new lot of Huimin traces back through the transfer to Xincheng's lot, its application and project.
        var newLot = await api.County(Huimin).GetAsync<LotWithProvenance>($"{Lots}/{received.NewLotId}");
        Assert.Equal(Huimin, newLot.Resource.Holder);
        Assert.Equal((project, application), (newLot.ProjectId, newLot.ApplicationId));
        Assert.Equal((lot, (Guid?)transfer), (newLot.Resource.Provenance.ParentLotId!.Value, newLot.Resource.Provenance.TransferId));
        Assert.Equal([received.NewLotId, lot], newLot.ProvenanceChain.Select(a => a.LotId));
        Assert.Equal([Huimin, Xincheng], newLot.ProvenanceChain.Select(a => a.Holder));

        // 3. The centre freezes most of what is left; moving or linking frozen quota is refused, and nothing is written.
        var freeze = await centre.FreezeAsync(Xincheng, Kind, lot, Replenishment(60, 30_000, 12), "R5: 12% of new farmland abandoned");
        var frozen = await xincheng.BalanceAsync(Xincheng, Kind);
        Assert.Equal(Replenishment(10, 5_000, 2), frozen.Available);
        Assert.Equal(Replenishment(60, 30_000, 12), frozen.Frozen);

        var events = await api.EventCountAsync();
        await (await xincheng.PostJsonAsync(Transfers, TransferBody(Xincheng, Huimin, Kind, Area(20))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        await (await xincheng.PostJsonAsync(Links, LinkBody(Xincheng, Kind, "内自然资字〔2026〕1号", Area(20))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        Assert.Equal(events, await api.EventCountAsync());
        Assert.Equal(frozen, await xincheng.BalanceAsync(Xincheng, Kind));

        // 4. Rectification is confirmed: the centre lifts the freeze.
        await centre.LiftFreezeAsync(freeze, "rectification confirmed by imagery");
        Assert.Equal(Replenishment(70, 35_000, 14), (await xincheng.BalanceAsync(Xincheng, Kind)).Available);

        // 5. Xincheng links quota to a land-use approval (先补后占) and writes it off when the approval is granted.
        var link = await xincheng.LinkAsync(Xincheng, Kind, "内自然资字〔2026〕12号", Replenishment(20, 9_000, 4), "先补后占 for the east ring road");
        Assert.Equal(Replenishment(20, 9_000, 4), (await xincheng.BalanceAsync(Xincheng, Kind)).Reserved);
        await xincheng.WriteOffAsync(link, "核销: approval granted");
        Assert.Equal(LinkStatus.WrittenOff, (await xincheng.GetAsync<ResourceView<QuotaLink>>($"{Links}/{link}")).Resource.Status);
        var consumed = await xincheng.BalanceAsync(Xincheng, Kind);
        Assert.Equal(Replenishment(20, 9_000, 4), consumed.Consumed);
        Assert.Equal(Replenishment(50, 26_000, 10), consumed.Available);
        Assert.True(consumed.Reserved.IsZero);

        // 6. Hohhot holds quota of its own (pooled from Yuquan); the centre deducts more from Xincheng than it holds,
        //    and Hohhot covers the shortfall (R8).
        await api.IssueLotAsync(Yuquan, Kind, Replenishment(40, 20_000, 5));
        var pooled = await yuquan.ProposeTransferAsync(Yuquan, Hohhot, Kind, Replenishment(40, 20_000, 5), "pooled at the prefecture");
        await centre.ApproveTransferAsync(pooled);
        Assert.Equal(Replenishment(40, 20_000, 5), (await hohhot.BalanceAsync(Hohhot, Kind)).Available);

        var deduction = await centre.DeductAsync(Xincheng, Kind, Replenishment(60, 26_000, 10), "承诺书 2024-17",
            "R8: mine reclamation promised by 2025-12-31 is unfinished");
        var deducted = await xincheng.BalanceAsync(Xincheng, Kind);
        Assert.True(deducted.Available.IsZero);
        Assert.Equal(Replenishment(50, 26_000, 10), deducted.Deducted);
        var prefecture = await hohhot.BalanceAsync(Hohhot, Kind);
        Assert.Equal(Area(10), prefecture.Deducted);
        Assert.Equal(Replenishment(30, 20_000, 5), prefecture.Available);
        var shares = (await centre.GetAsync<ResourceView<Deduction>>($"{Deductions}/{deduction}")).Resource.Shares;
        Assert.Equal(Replenishment(50, 26_000, 10), Measures.Sum(shares.Where(s => s.Holder == Xincheng).Select(s => s.Amount)));
        Assert.Equal(Area(10), Measures.Sum(shares.Where(s => s.Holder == Hohhot).Select(s => s.Amount)));

        // 7. Every holder's buckets balance.
        foreach (var holder in new[] { Xincheng, Huimin, Yuquan, Hohhot })
            (await centre.BalanceAsync(holder, Kind)).ShouldBalance();

        // 8. Xincheng's statement shows each event with who did it, for which organisation, and why.
        var history = await xincheng.HistoryAsync(Xincheng);
        void Shows(string eventType, string actor, string organisation, string reason) =>
            Assert.True(history.Any(l => l.EventType == eventType && l.Actor == actor && l.Organisation == organisation && l.Reason == reason),
                $"history lacks {eventType} by {actor} of {organisation} because '{reason}'; it has:\n" +
                string.Join("\n", history.Select(l => $"{l.EventType} {l.Bucket} by {l.Actor} of {l.Organisation}: {l.Reason}")));
        Shows("lot_issued", "chen.jie", "150000", "acceptance verified on site");
        Shows("lot_quota_reserved", "wang.fang", Xincheng, "Huimin balances its occupation (R6)");
        Shows("lot_reservation_transferred", "li.na", Hohhot, "balanced inside Hohhot");
        Shows("lot_quota_frozen", "chen.jie", "150000", "R5: 12% of new farmland abandoned");
        Shows("lot_quota_unfrozen", "chen.jie", "150000", "rectification confirmed by imagery");
        Shows("lot_quota_reserved", "wang.fang", Xincheng, "先补后占 for the east ring road");
        Shows("lot_reservation_written_off", "wang.fang", Xincheng, "核销: approval granted");
        Shows("lot_quota_deducted", "chen.jie", "150000", "R8: mine reclamation promised by 2025-12-31 is unfinished");
        Assert.Equal(history.OrderByDescending(l => l.Sequence).Select(l => l.Sequence), history.Select(l => l.Sequence));
        Assert.Contains(history, l => l.EventType == "lot_quota_deducted" && l.OperationId == deduction);
        Assert.Contains(history, l => l.EventType == "lot_reservation_written_off" && l.OperationId == link);

        // The application's own history: filed by the county, approved by the centre.
        var filed = await xincheng.GetAsync<ResourceView<StorageApplication>>($"{StorageApplications}/{application}");
        Assert.Collection(filed.History!,
            e => Assert.Equal(("storage_application_submitted", "wang.fang", Xincheng), (e.Type, e.Actor, e.Organisation)),
            e => Assert.Equal(("storage_application_approved", "chen.jie", "150000", "acceptance verified on site"),
                (e.Type, e.Actor, e.Organisation, e.Reason)));

        // 9. As of a moment before the transfer, the balances were those of the storage approval alone.
        var then = await xincheng.BalanceAsync(Xincheng, Kind, beforeTransfer);
        Assert.Equal(Replenishment(100, 50_000, 20), then.Available);
        Assert.True(then.Reserved.IsZero && then.TransferredOut.IsZero && then.Consumed.IsZero && then.Deducted.IsZero);
        Assert.True((await api.County(Huimin).BalanceAsync(Huimin, Kind, beforeTransfer)).Held.IsZero);

        // 10. The region-wide totals, once the asynchronous projection has caught up, balance and add up the holders.
        var totals = await TotalsWhenCaughtUpAsync();
        var replenishment = totals.Kinds.Single(k => k.Kind == Kind);
        Assert.Equal(new MeasuresBalanced(true, true, true), replenishment.Balanced);
        Assert.Equal(Replenishment(140, 70_000, 25), replenishment.Buckets.Issued);
        Assert.Equal(Replenishment(60, 26_000, 10), replenishment.Buckets.Deducted);
    }

    private async Task<LedgerTotals> TotalsWhenCaughtUpAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var totals = await centre.GetAsync<LedgerTotals>("/api/v1/ledger/totals");
            if (totals.Progress.All(p => p.LastSequence >= totals.LatestSequence)) return totals;
            Assert.True(attempt < 200, $"the totals projection did not catch up with {totals.LatestSequence}");
            await Task.Delay(100);
        }
    }
}
