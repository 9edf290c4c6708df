using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>
/// The monthly patrols' steps that are overdue now or were done late, at each level (prefectures forwarding, counties
/// reporting), as of today: of one campaign, or of the newest <see cref="ListQueryRules.MaxLimit"/> campaigns the user
/// sees. A prefecture sees its own steps and its counties', a county its own.
/// </summary>
public sealed record ListOverduePatrolSteps(Guid? CampaignId) : IQuery<OverduePatrolSteps>;

public sealed record OverduePatrolSteps(DateOnly AsOf, IReadOnlyList<PatrolDeadline> Items);

public sealed class ListOverduePatrolStepsHandler(
    IDocumentStore store, DocumentReader reader, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<ListOverduePatrolSteps, OverduePatrolSteps>
{
    public async Task<OverduePatrolSteps> Handle(ListOverduePatrolSteps query, CancellationToken ct)
    {
        var actor = context.Actor;
        IReadOnlyList<InspectionCampaign> campaigns;
        if (query.CampaignId is { } id)
            campaigns = [(await reader.GetAsync<InspectionCampaign>(actor, id, withHistory: false, ct)).Resource];
        else
        {
            await using var session = store.QuerySession();
            campaigns = (await AggregateDocuments.ListAsync<InspectionCampaign>(session, actor, null, ListQueryRules.MaxLimit, 0, ct))
                .Select(c => c.State).ToArray();
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var steps = campaigns.SelectMany(c => PatrolDeadlines.Of(c, today, regions))
            .Where(s => (s.Overdue || s.DoneLate) && access.CanSee(actor, s.RegionCode))
            .ToArray();
        return new OverduePatrolSteps(today, steps);
    }
}
