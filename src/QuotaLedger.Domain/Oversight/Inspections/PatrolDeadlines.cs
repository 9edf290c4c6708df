using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Oversight.Inspections;

/// <summary>
/// One step of a monthly patrol at one level: a prefecture's forwarding or a county's on-site result, when it is due, when
/// it was done, and the flags: overdue (not done and past its day) or done late.
/// </summary>
/// <param name="DueOn">None for a county whose prefecture has not forwarded the list: its days have not started.</param>
public sealed record PatrolDeadline(Guid CampaignId, RegionLevel Level, [RegionCode] string RegionCode, DateOnly? DueOn, DateOnly? DoneOn, bool Overdue, bool DoneLate);

public static class PatrolDeadlines
{
    /// <summary>
    /// Every step of the patrol as of <paramref name="today"/>: each prefecture of the problem list forwards within the
    /// forward days of the day of issue; each county of the list reports within the report days of its prefecture's
    /// forwarding. A step is due by the end of its last day.
    /// </summary>
    public static IReadOnlyList<PatrolDeadline> Of(InspectionCampaign campaign, DateOnly today, RegionCatalog regions)
    {
        if (campaign.Patrol is not { } patrol) return [];
        var counties = campaign.Problems.Select(p => p.County).Distinct().Order(StringComparer.Ordinal).ToArray();
        var prefectures = counties.Select(c => regions.PrefectureOf(c)!).Distinct().Order(StringComparer.Ordinal).ToArray();
        var steps = new List<PatrolDeadline>();
        foreach (var prefecture in prefectures)
        {
            var done = patrol.Forwarded.FirstOrDefault(f => f.Prefecture == prefecture)?.ForwardedOn;
            steps.Add(Step(campaign.Id, RegionLevel.Prefecture, prefecture, patrol.ForwardDueOn, done, today));
        }
        foreach (var county in counties)
        {
            var forwarded = patrol.Forwarded.FirstOrDefault(f => f.Prefecture == regions.PrefectureOf(county))?.ForwardedOn;
            var done = patrol.Reports.FirstOrDefault(r => r.County == county)?.ReportedOn;
            steps.Add(Step(campaign.Id, RegionLevel.County, county, forwarded?.AddDays(patrol.ReportDays), done, today));
        }
        return steps;
    }

    private static PatrolDeadline Step(Guid campaignId, RegionLevel level, string code, DateOnly? due, DateOnly? done, DateOnly today) =>
        new(campaignId, level, code, due, done,
            Overdue: due is { } d && done is null && today > d,
            DoneLate: due is { } dd && done is { } on && on > dd);
}
