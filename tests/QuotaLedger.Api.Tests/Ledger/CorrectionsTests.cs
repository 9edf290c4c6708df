using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Ledger;

/// <summary>R11: mistakes are corrected by reversing events with a reason; history keeps both. And pooling needs four eyes.</summary>
public sealed class CorrectionsTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Kind = QuotaKind.Replenishment;

    private static async Task ReverseAsync(HttpClient centre, string url, string reason) =>
        await (await centre.PostJsonAsync(url, new { Reason = reason })).ReadAsync<CommandResult>();

    [Fact]
    public async Task A_deduction_and_a_write_off_made_in_error_are_reversed_and_both_stay_in_the_history()
    {
        const string county = "150502";
        var client = api.County(county);
        var centre = api.Centre();
        await api.IssueLotAsync(county, Kind, Replenishment(30, 10_000, 3));
        var deduction = await centre.DeductAsync(county, Kind, Replenishment(5, 0, 0), "承诺书 9");
        var link = await client.LinkAsync(county, Kind, "approval 77", Replenishment(10, 1_000, 1));
        await client.WriteOffAsync(link);

        await ReverseAsync(centre, $"{Deductions}/{deduction}/reverse", "reclamation was finished in time after all");
        await ReverseAsync(centre, $"/api/v1/links/{link}/reverse-write-off", "the approval was annulled");

        var balance = await client.BalanceAsync(county, Kind);
        Assert.Equal(Replenishment(30, 10_000, 3), balance.Available);
        Assert.True(balance.Deducted.IsZero && balance.Consumed.IsZero);
        balance.ShouldBalance();
        var history = await client.HistoryAsync(county);
        Assert.Contains(history, l => l.EventType == "lot_quota_deducted" && l.OperationId == deduction);
        Assert.Contains(history, l => l.EventType == "lot_deduction_reversed" && l.Reason == "reclamation was finished in time after all");
        Assert.Contains(history, l => l.EventType == "lot_reservation_written_off");
        Assert.Contains(history, l => l.EventType == "lot_write_off_reversed" && l.Reason == "the approval was annulled");

        // A correction is made once.
        var events = await api.EventCountAsync();
        await (await centre.PostJsonAsync($"{Deductions}/{deduction}/reverse", new { Reason = "again" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        Assert.Equal(events, await api.EventCountAsync());
        // And only by the centre.
        await (await client.PostJsonAsync($"/api/v1/links/{link}/reverse-write-off", new { Reason = "mine" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_storage_approval_is_reversed_while_its_lot_is_untouched_and_refused_once_used()
    {
        const string county = "150521";
        var client = api.County(county);
        var centre = api.Centre();
        var project = await client.RegisterProjectAsync(county, Kind, Replenishment(10, 0, 0));
        var application = await client.SubmitStorageAsync(api, project, Kind, Replenishment(10, 0, 0));
        await centre.ApproveStorageAsync(application);
        await ReverseAsync(centre, $"{StorageApplications}/{application}/reverse-approval", "acceptance report was forged");
        var reversed = await centre.GetAsync<ResourceView<StorageApplication>>($"{StorageApplications}/{application}");
        Assert.Equal(ApplicationStatus.ApprovalReversed, reversed.Resource.Status);
        Assert.Equal(["storage_application_submitted", "storage_application_approved", "storage_approval_reversed"],
            reversed.History!.Select(h => h.Type));
        var balance = await client.BalanceAsync(county, Kind);
        Assert.True(balance.Issued.IsZero && balance.Available.IsZero);

        var used = await api.IssueLotAsync("150522", Kind, Replenishment(10, 0, 0));
        var usedApplication = (await centre.GetAsync<QuotaLedger.Application.Ledger.Lots.LotWithProvenance>($"{Lots}/{used}")).ApplicationId;
        await api.County("150522").ProposeTransferAsync("150522", "150523", Kind, Replenishment(1, 0, 0));
        var events = await api.EventCountAsync();
        await (await centre.PostJsonAsync($"{StorageApplications}/{usedApplication}/reverse-approval", new { Reason = "too late" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task Quota_pooled_into_the_region_leaves_it_only_with_a_second_centre_users_approval()
    {
        const string county = "150581";
        await api.IssueLotAsync(county, Kind, Replenishment(20, 0, 0));
        var proposer = api.Centre("centre-a");
        var pooling = await proposer.ProposeTransferAsync(county, RegionCode, Kind, Replenishment(20, 0, 0), "统筹 into the region");
        await proposer.ApproveTransferAsync(pooling);
        Assert.Equal(Replenishment(20, 0, 0), (await proposer.BalanceAsync(RegionCode, Kind)).Available);

        var allocation = await proposer.ProposeTransferAsync(RegionCode, "150802", Kind, Replenishment(8, 0, 0), "allocated for a key project");
        var events = await api.EventCountAsync();
        await (await proposer.PostJsonAsync($"{Transfers}/{allocation}/approve", new { Reason = "mine" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "four-eyes-required");
        Assert.Equal(events, await api.EventCountAsync());

        await api.Centre("centre-b").ApproveTransferAsync(allocation, "second reviewer agrees");
        Assert.Equal(Replenishment(12, 0, 0), (await proposer.BalanceAsync(RegionCode, Kind)).Available);
        Assert.Equal(Replenishment(8, 0, 0), (await proposer.BalanceAsync("150802", Kind)).Available);
    }

    private const string RegionCode = "150000";
}
