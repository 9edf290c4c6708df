using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// The README's section "For the centre: plan progress and monitoring", run as written: its bash blocks, in order, in
/// one shell, with curl, against a new database.
/// </summary>
public sealed class ReadmeCentreTests(NewcomersApi api) : IClassFixture<NewcomersApi>
{
    [Fact]
    public async Task The_walk_through_progress_campaigns_commitments_audit_and_exports_works_as_written()
    {
        await ReadmeWalk.RunAsync("## For the centre: plan progress and monitoring", api.Address);

        Assert.Equal(2, await api.EventCountAsync("abandonment_threshold_reached")); // 海拉尔区 and 呼伦贝尔市, once each
        Assert.Equal(1, await api.EventCountAsync("reclamation_commitment_defaulted"));
        Assert.Equal(1, await api.EventCountAsync("quota_debt_repaid"));
        Assert.Empty(await api.VerifyAsync());
    }
}
