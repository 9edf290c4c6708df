using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Oversight.Inspections;

/// <summary>The centre re-checked a region after an R5 decision and confirmed its rectification (整改).</summary>
public sealed record RectificationConfirmed(Guid RecheckId, Guid CampaignId, string RegionCode, DateOnly CheckedOn, string Findings, string ConfirmedBy)
    : IEventOf<RectificationRecheck>;

/// <summary>
/// 复核: the record of a re-check that confirmed rectification, the cause the lifted freezes and resumed storage
/// applications cite. One stream per re-check.
/// </summary>
public sealed record RectificationRecheck(Guid Id, Guid CampaignId, [RegionCode] string RegionCode, DateOnly CheckedOn, string Findings, string ConfirmedBy)
    : IAggregate<RectificationRecheck>
{
    public static string StreamType => "rectification_recheck";

    public IReadOnlyCollection<string> Parties => [RegionCode];

    public static RectificationRecheck? Evolve(RectificationRecheck? state, IDomainEvent @event) => @event switch
    {
        RectificationConfirmed e => new RectificationRecheck(e.RecheckId, e.CampaignId, e.RegionCode, e.CheckedOn, e.Findings, e.ConfirmedBy),
        _ => state,
    };

    public static RectificationConfirmed Confirm(Guid id, InspectionCampaign campaign, string regionCode, DateOnly checkedOn, DateOnly today,
        string findings, Actor centre)
    {
        if (checkedOn > today)
            throw new RuleViolationException(Rule.InvalidSchedule, $"A re-check is recorded once made; {checkedOn} is after today ({today}).");
        if (campaign.DecisionFor(regionCode) is { } decision && checkedOn < decision.ReachedOn)
            throw new RuleViolationException(Rule.InvalidSchedule,
                $"The re-check ({checkedOn}) comes before R5 was reached for {regionCode} ({decision.ReachedOn}).");
        return new RectificationConfirmed(id, campaign.Id, regionCode, checkedOn, findings, centre.UserId);
    }
}
