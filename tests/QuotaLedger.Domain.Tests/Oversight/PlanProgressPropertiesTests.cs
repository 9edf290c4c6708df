using FsCheck;
using FsCheck.Xunit;
using QuotaLedger.Domain.Oversight.PlanTargets;
using QuotaLedger.Domain.Oversight.Progress;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Tests.Oversight;

/// <summary>
/// R10's report adds up whatever was issued: a prefecture's issued quota is its counties', the totals are the
/// prefectures', a span's is the sum of its years', and the percentage is issued over target, rounded, never capped.
/// </summary>
public class PlanProgressPropertiesTests
{
    private static readonly RegionCatalog Regions = RegionCatalog.InnerMongolia;
    private static readonly string[] Counties = Regions.All.Where(r => r.Level == RegionLevel.County).Select(r => r.Code).Order().ToArray();
    private static readonly DateTimeOffset AsOf = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly QuotaKind[] Kinds = Enum.GetValues<QuotaKind>();

    /// <summary>Issued quota from generated numbers: a county, a kind, a year around the plan's, an amount to 4 places.</summary>
    private static IssuedQuota[] Issued((int County, bool Linkage, int Year, PositiveInt Area, NonNegativeInt Grain)[] lines) =>
        lines.Select(l => l.Linkage
                ? new IssuedQuota(Counties[Math.Abs(l.County % Counties.Length)], QuotaKind.LinkageSurplus, 2019 + Math.Abs(l.Year % 9),
                    new Measures(l.Area.Get / 10_000m, 0, 0))
                : new IssuedQuota(Counties[Math.Abs(l.County % Counties.Length)], QuotaKind.Replenishment, 2019 + Math.Abs(l.Year % 9),
                    new Measures(l.Area.Get / 10_000m, l.Grain.Get / 100m, l.Area.Get / 20_000m)))
            .ToArray();

    private static PlanProgress Report(IssuedQuota[] issued, string period, string? prefecture = null) =>
        PlanProgress.Of(PlanTargets.BuiltIn, issued, PlanPeriod.Parse(period), Kinds, prefecture, AsOf, Regions);

    [Property(MaxTest = 200)]
    public void A_prefectures_issued_quota_is_its_counties_and_the_totals_are_the_prefectures(
        (int, bool, int, PositiveInt, NonNegativeInt)[] lines)
    {
        var issued = Issued(lines);
        var report = Report(issued, "2021-2025");

        foreach (var row in report.Prefectures)
        {
            Assert.Equal(Measures.Sum(row.Counties.Select(c => c.Issued)), row.Issued);
            Assert.All(row.Counties, c => Assert.Equal(row.Prefecture, Regions.PrefectureOf(c.County)));
            Assert.Equal(PlanProgress.PercentOf(row.Issued.Area, row.Target), row.Percent);
        }
        foreach (var total in report.Totals)
            Assert.Equal(Measures.Sum(report.Prefectures.Where(r => r.Kind == total.Kind).Select(r => r.Issued)), total.Issued);
        // Nothing issued in the period is lost or counted twice.
        Assert.Equal(Measures.Sum(issued.Where(i => i.PlanYear is >= 2021 and <= 2025).Select(i => i.Amount)),
            Measures.Sum(report.Totals.Select(t => t.Issued)));
    }

    [Property(MaxTest = 200)]
    public void A_spans_issued_quota_is_the_sum_of_its_years((int, bool, int, PositiveInt, NonNegativeInt)[] lines)
    {
        var issued = Issued(lines);
        var span = Report(issued, "2021-2025");
        var years = Enumerable.Range(2021, 5).Select(y => Report(issued, y.ToString())).ToArray();

        foreach (var row in span.Prefectures)
            Assert.Equal(Measures.Sum(years.Select(y => y.Prefectures.Single(r => r.Prefecture == row.Prefecture && r.Kind == row.Kind).Issued)),
                row.Issued);
    }

    [Property(MaxTest = 200)]
    public void A_prefectures_own_report_is_its_row_of_the_regions((int, bool, int, PositiveInt, NonNegativeInt)[] lines, PositiveInt pick)
    {
        var issued = Issued(lines);
        var prefectures = Regions.All.Where(r => r.Level == RegionLevel.Prefecture).Select(r => r.Code).Order().ToArray();
        var prefecture = prefectures[pick.Get % prefectures.Length];
        var own = Report(issued, "2022", prefecture);

        Assert.Equal(prefecture, own.Scope);
        Assert.Equal(Report(issued, "2022").Prefectures.Where(r => r.Prefecture == prefecture).Select(Describe), own.Prefectures.Select(Describe));
    }

    [Theory]
    [InlineData("250000", "250000", "100")]
    [InlineData("1", "3", "33.33")]
    [InlineData("2", "3", "66.67")]
    [InlineData("1", "8", "12.5")]
    [InlineData("0.00005", "1", "0.01")] // half away from zero
    [InlineData("15000", "12900", "116.28")] // linkage work beyond its target is shown, not capped
    public void The_percentage_is_issued_over_target_to_two_places_half_away_from_zero(string issued, string target, string percent) =>
        Assert.Equal(decimal.Parse(percent), PlanProgress.PercentOf(decimal.Parse(issued), decimal.Parse(target)));

    [Fact]
    public void Without_a_target_above_0_there_is_no_percentage()
    {
        Assert.Null(PlanProgress.PercentOf(10m, null));
        Assert.Null(PlanProgress.PercentOf(10m, 0m));
    }

    private static string Describe(PrefectureProgress row) =>
        $"{row.Prefecture} {row.Kind} {row.Target} {row.Issued} {row.Percent} {string.Join(",", row.Counties)}";
}
