using QuotaLedger.Domain.Oversight.PlanTargets;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Oversight.Progress;

/// <summary>Quota a county created of a kind in a plan year, net of reversed approvals, as of the report's moment.</summary>
public sealed record IssuedQuota(string County, QuotaKind Kind, int PlanYear, Measures Amount);

/// <summary>One county behind a prefecture's progress: what it issued of the kind in the period.</summary>
public sealed record CountyProgress([RegionCode] string County, Measures Issued);

/// <summary>
/// R10: how far a prefecture has come towards its target of a kind in a period. Issued is net of reversed approvals, in
/// all three measures (linkage surplus quota carries area only); the target and the percentage are of area.
/// </summary>
/// <param name="Target">The target in mu in force at the report's moment; null when the prefecture has none for the period.</param>
/// <param name="Percent">Issued area as a percentage of the target, rounded to 2 decimal places (half away from zero);
/// not capped at 100, since linkage work may exceed its target (annex 3); null without a target above 0.</param>
/// <param name="Counties">The counties that issued quota of the kind in the period, by code.</param>
public sealed record PrefectureProgress(
    [RegionCode] string Prefecture, QuotaKind Kind, decimal? Target, Measures Issued, decimal? Percent, IReadOnlyList<CountyProgress> Counties);

/// <summary>The prefectures of a report together, per kind: the region's totals when the report covers every prefecture.</summary>
/// <param name="Target">The sum of the targets the prefectures have; null when none has one.</param>
public sealed record ProgressTotal(QuotaKind Kind, decimal? Target, Measures Issued, decimal? Percent);

/// <summary>
/// A plan progress report: per prefecture and kind, target, issued, percentage and the counties behind it, for a period
/// (a plan year, or a span whose issued quota is the sum of its years), as of a moment.
/// </summary>
/// <param name="Scope">The region code (150000) when the report covers every prefecture, else the one prefecture it covers.</param>
/// <param name="Totals">Per kind, over the prefectures of the report.</param>
public sealed record PlanProgress(
    string Period, DateTimeOffset AsOf, [RegionCode] string Scope, IReadOnlyList<PrefectureProgress> Prefectures, IReadOnlyList<ProgressTotal> Totals)
{
    public const int PercentDecimals = 2;

    /// <summary>
    /// The report from the targets and the issued quota. Every prefecture in scope has a row for every kind asked, with or
    /// without a target or issued quota, so that a report always has the same shape. A period's target is the one set for
    /// exactly that period: a span's target is not the sum of its years' (the annexes set the five years and 2022 apart).
    /// </summary>
    public static PlanProgress Of(
        PlanTargets.PlanTargets targets, IEnumerable<IssuedQuota> issued, PlanPeriod period, IReadOnlyCollection<QuotaKind> kinds,
        string? prefecture, DateTimeOffset asOf, RegionCatalog regions)
    {
        var inPeriod = issued.Where(i => period.Contains(i.PlanYear)).ToArray();
        var prefectures = regions.All.Where(r => r.Level == RegionLevel.Prefecture && (prefecture is null || r.Code == prefecture))
            .OrderBy(r => r.Code, StringComparer.Ordinal).ToArray();
        var rows = kinds.Order().SelectMany(kind => prefectures.Select(p =>
        {
            var counties = inPeriod.Where(i => i.Kind == kind && regions.PrefectureOf(i.County) == p.Code)
                .GroupBy(i => i.County)
                .Select(g => new CountyProgress(g.Key, Measures.Sum(g.Select(i => i.Amount))))
                .OrderBy(c => c.County, StringComparer.Ordinal).ToArray();
            var total = Measures.Sum(counties.Select(c => c.Issued));
            var target = targets.Find(kind, p.Code, period.ToString())?.AmountAsOf(asOf);
            return new PrefectureProgress(p.Code, kind, target, total, PercentOf(total.Area, target), counties);
        })).ToArray();
        var totals = kinds.Order().Select(kind =>
        {
            var ofKind = rows.Where(r => r.Kind == kind).ToArray();
            var target = ofKind.Any(r => r.Target is not null) ? ofKind.Sum(r => r.Target ?? 0) : (decimal?)null;
            var total = Measures.Sum(ofKind.Select(r => r.Issued));
            return new ProgressTotal(kind, target, total, PercentOf(total.Area, target));
        }).ToArray();
        return new PlanProgress(period.ToString(), asOf, prefecture ?? RegionCatalog.RegionCode, rows, totals);
    }

    /// <summary>Issued as a percentage of the target, to 2 decimal places, half away from zero; none without a target above 0.</summary>
    public static decimal? PercentOf(decimal issued, decimal? target) =>
        target is > 0 ? Math.Round(issued * 100 / target.Value, PercentDecimals, MidpointRounding.AwayFromZero) : null;
}
