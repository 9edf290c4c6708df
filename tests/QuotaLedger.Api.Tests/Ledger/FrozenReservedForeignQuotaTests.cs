using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Ledger;

/// <summary>Frozen or reserved quota cannot be moved, linked or frozen again, nor can another holder's lot be named.</summary>
public sealed class FrozenReservedForeignQuotaTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.LinkageSurplus;

    private async Task RefusedAsync(Func<Task<HttpResponseMessage>> act, HttpStatusCode status, string code, string holder)
    {
        var events = await api.EventCountAsync();
        var balance = await api.Centre().BalanceAsync(holder, Kind);
        await (await act()).ShouldBeProblemAsync(status, code);
        Assert.Equal(events, await api.EventCountAsync());
        Assert.Equal(balance, await api.Centre().BalanceAsync(holder, Kind));
    }

    [Fact]
    public async Task Frozen_quota_cannot_be_transferred_linked_deducted_or_frozen_again()
    {
        const string county = "150121";
        var client = api.County(county);
        var lot = await api.IssueLotAsync(county, Kind, Area(10));
        await api.Centre().FreezeAsync(county, Kind, lot, null);

        await RefusedAsync(() => client.PostJsonAsync(Transfers, TransferBody(county, "150122", Kind, Area(1))),
            HttpStatusCode.UnprocessableEntity, "insufficient-quota", county);
        await RefusedAsync(() => client.PostJsonAsync(Transfers, TransferBody(county, "150122", Kind, Area(1), lotIds: [lot])),
            HttpStatusCode.UnprocessableEntity, "insufficient-quota", county);
        await RefusedAsync(() => client.PostJsonAsync(Links, LinkBody(county, Kind, "approval 1", Area(1))),
            HttpStatusCode.UnprocessableEntity, "insufficient-quota", county);
        await RefusedAsync(() => api.Centre().PostJsonAsync(Freezes, FreezeBody(county, Kind, lot, Area(1))),
            HttpStatusCode.UnprocessableEntity, "insufficient-quota", county);
        Assert.Equal(Area(10), (await client.BalanceAsync(county, Kind)).Frozen);
    }

    [Fact]
    public async Task Reserved_quota_cannot_be_transferred_or_linked_again()
    {
        const string county = "150123";
        var client = api.County(county);
        await api.IssueLotAsync(county, Kind, Area(10));
        await client.ProposeTransferAsync(county, "150124", Kind, Area(8));

        await RefusedAsync(() => client.PostJsonAsync(Transfers, TransferBody(county, "150124", Kind, Area(3))),
            HttpStatusCode.UnprocessableEntity, "insufficient-quota", county);
        await RefusedAsync(() => client.PostJsonAsync(Links, LinkBody(county, Kind, "approval 2", Area(2.0001m))),
            HttpStatusCode.UnprocessableEntity, "insufficient-quota", county);
        // What is not reserved still moves.
        await client.ProposeTransferAsync(county, "150124", Kind, Area(2));
        var balance = await client.BalanceAsync(county, Kind);
        Assert.Equal(Area(10), balance.Reserved);
        Assert.True(balance.Available.IsZero);
    }

    [Fact]
    public async Task Another_holders_lot_cannot_be_named_in_a_transfer_or_a_freeze()
    {
        const string owner = "150125", other = "150105";
        var foreignLot = await api.IssueLotAsync(owner, Kind, Area(10));
        await api.IssueLotAsync(other, Kind, Area(10));

        await RefusedAsync(() => api.County(other).PostJsonAsync(Transfers, TransferBody(other, "150104", Kind, Area(1), lotIds: [foreignLot])),
            HttpStatusCode.UnprocessableEntity, "kind-mismatch", owner);
        await RefusedAsync(() => api.Centre().PostJsonAsync(Freezes, FreezeBody(other, Kind, foreignLot, Area(1))),
            HttpStatusCode.UnprocessableEntity, "kind-mismatch", owner);
        await RefusedAsync(() => api.County(other).PostJsonAsync(Transfers, TransferBody(other, "150104", Kind, Area(1), lotIds: [Guid.NewGuid()])),
            HttpStatusCode.NotFound, "not-found", other);
    }

    [Fact]
    public async Task A_decided_transfer_cannot_be_decided_again()
    {
        const string county = "150221";
        var client = api.County(county);
        await api.IssueLotAsync(county, Kind, Area(10));
        var transfer = await client.ProposeTransferAsync(county, "150222", Kind, Area(4));
        await api.Centre().ApproveTransferAsync(transfer);
        await RefusedAsync(() => api.Centre().PostJsonAsync($"{Transfers}/{transfer}/approve", new { Reason = "twice" }),
            HttpStatusCode.Conflict, "invalid-state", county);
        await RefusedAsync(() => client.PostJsonAsync($"{Transfers}/{transfer}/withdraw", new { Reason = "too late" }),
            HttpStatusCode.Conflict, "invalid-state", county);
        BucketTotals sender = await client.BalanceAsync(county, Kind);
        Assert.Equal(Area(4), sender.TransferredOut);
        sender.ShouldBalance();
    }
}
