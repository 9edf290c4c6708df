using System.Text.Json;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.PlanTargets;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Oversight.PlanProgressSteps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// R10 through the API: the 2022 plan year played through storage approvals equals the annexes; a reversed approval
/// lowers progress; transfers do not change it; a report asOf a moment equals the one taken at that moment. One story on
/// a database of its own, since every figure depends on all that was approved.
/// </summary>
public sealed class PlanProgressTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private static readonly DateOnly In2022 = new(2022, 9, 15);

    [Fact]
    public async Task The_2022_plan_year_played_through_the_API_meets_the_annexes_and_reports_as_of_a_moment_do_not_change()
    {
        var centre = api.Centre();
        var targets2022 = PlanTargets.BuiltIn.Targets.Where(t => t.Period == "2022").ToArray();
        var applications = new Dictionary<(string County, QuotaKind Kind), Guid>();
        // Each prefecture's 2022 target, 60% from its first county and 40% from its second.
        foreach (var target in targets2022)
        {
            var amount = target.AmountAsOf(api.Clock.Now)!.Value;
            var counties = CountiesOf(target.Prefecture);
            foreach (var (county, share) in new[] { (counties[0], amount * 0.6m), (counties[1], amount - amount * 0.6m) })
                applications[(county, target.Kind)] = (await api.IssueAcceptedOnAsync(county, target.Kind, AmountOf(target.Kind, share), In2022)).Application;
        }
        // Accepted in 2023: part of the five years, not of 2022.
        var hohhot = CountiesOf("150100");
        await api.IssueAcceptedOnAsync(hohhot[2], QuotaKind.Replenishment, AmountOf(QuotaKind.Replenishment, 5_000m), new DateOnly(2023, 4, 1));

        var report = await centre.ProgressAsync("2022");
        Assert.Equal("150000", report.Scope);
        Assert.Equal(api.Clock.Now, report.AsOf);
        foreach (var target in targets2022)
        {
            var row = report.Row(target.Prefecture, target.Kind);
            var amount = target.AmountAsOf(api.Clock.Now)!.Value;
            Assert.Equal(amount, row.Target);
            Assert.Equal(AmountOf(target.Kind, amount), row.Issued);
            Assert.Equal(100m, row.Percent);
            var counties = CountiesOf(target.Prefecture);
            Assert.Equal([counties[0], counties[1]], row.Counties.Select(c => c.County));
            Assert.Equal(AmountOf(target.Kind, amount * 0.6m), row.Counties[0].Issued);
        }
        Assert.Equal(250_000m, report.Total(QuotaKind.Replenishment).Target);
        Assert.Equal(AmountOf(QuotaKind.Replenishment, 250_000m), report.Total(QuotaKind.Replenishment).Issued);
        Assert.Equal(100m, report.Total(QuotaKind.Replenishment).Percent);
        Assert.Equal(12_900m, report.Total(QuotaKind.LinkageSurplus).Target);
        Assert.Equal(100m, report.Total(QuotaKind.LinkageSurplus).Percent);
        // Baotou has no replenishment target: its row shows none and no percentage.
        Assert.Null(report.Row("150200", QuotaKind.Replenishment).Target);
        Assert.Null(report.Row("150200", QuotaKind.Replenishment).Percent);

        // The five years sum their years: 2022's and 2023's.
        var fiveYears = await centre.ProgressAsync("2021-2025");
        Assert.Equal(AmountOf(QuotaKind.Replenishment, 15_000m), fiveYears.Row("150100", QuotaKind.Replenishment).Issued);
        Assert.Equal(37.5m, fiveYears.Row("150100", QuotaKind.Replenishment).Percent);
        Assert.Equal(1_000_000m, fiveYears.Total(QuotaKind.Replenishment).Target);
        Assert.Equal(25.5m, fiveYears.Total(QuotaKind.Replenishment).Percent);
        Assert.Equal(50_000m, fiveYears.Total(QuotaKind.LinkageSurplus).Target);
        Assert.Equal(25.8m, fiveYears.Total(QuotaKind.LinkageSurplus).Percent);

        // A transfer moves quota, not progress: it counts where it was created.
        api.Clock.Advance(TimeSpan.FromHours(1));
        var transfer = await api.County(hohhot[0]).ProposeTransferAsync(hohhot[0], CountiesOf("150200")[0], QuotaKind.Replenishment,
            AmountOf(QuotaKind.Replenishment, 1_000m));
        await centre.ApproveTransferAsync(transfer);
        var afterTransfer = await centre.ProgressAsync("2022");
        Assert.Equal(Text(report.Prefectures), Text(afterTransfer.Prefectures));

        // Reversing an approval lowers progress from the reversal on; a report as of before it still shows it.
        var beforeReversal = api.Clock.Now;
        api.Clock.Advance(TimeSpan.FromHours(1));
        await (await centre.PostJsonAsync($"{Steps.StorageApplications}/{applications[(hohhot[1], QuotaKind.Replenishment)]}/reverse-approval",
                new { Reason = "the acceptance report was forged" }))
            .ReadAsync<CommandResult>();
        var reversed = await centre.ProgressAsync("2022", "150100", QuotaKind.Replenishment);
        Assert.Equal("150100", reversed.Scope);
        var hohhotRow = Assert.Single(reversed.Prefectures);
        Assert.Equal(AmountOf(QuotaKind.Replenishment, 6_000m), hohhotRow.Issued);
        Assert.Equal(60m, hohhotRow.Percent);
        Assert.Equal(AmountOf(QuotaKind.Replenishment, 0m), hohhotRow.Counties.Single(c => c.County == hohhot[1]).Issued);
        Assert.Equal(100m, (await centre.ProgressAsync("2022", "150100", QuotaKind.Replenishment, beforeReversal)).Prefectures[0].Percent);

        // A report taken at T1, and one asked for later as of T1, are the same report.
        var t1 = api.Clock.Now;
        var atT1 = await centre.ProgressAsync("2022");
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        await api.IssueAcceptedOnAsync(hohhot[1], QuotaKind.Replenishment, AmountOf(QuotaKind.Replenishment, 4_000m), In2022);
        await api.IssueAcceptedOnAsync(CountiesOf("150900")[0], QuotaKind.LinkageSurplus, AmountOf(QuotaKind.LinkageSurplus, 700m), In2022);
        Assert.Equal(Text(atT1), Text(await centre.ProgressAsync("2022", asOf: t1)));
        var now = await centre.ProgressAsync("2022");
        Assert.Equal(100m, now.Row("150100", QuotaKind.Replenishment).Percent);
        // Linkage work may exceed its target (annex 3): shown, not capped.
        Assert.Equal(146.67m, now.Row("150900", QuotaKind.LinkageSurplus).Percent);
    }

    private static string Text(object value) => JsonSerializer.Serialize(value, Json.Options);
}
