using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>
/// A campaign: the centre sees all of it with its history; a prefecture or county the part that concerns the holders it
/// sees (<see cref="InspectionCampaign.VisibleTo"/>), without the history, whose events name other areas' projects.
/// </summary>
public sealed record GetInspectionCampaign(Guid CampaignId) : IQuery<ResourceView<InspectionCampaign>>;

public sealed class GetInspectionCampaignHandler(DocumentReader reader, RequestContext context, AccessPolicy access, RegionCatalog regions)
    : IRequestHandler<GetInspectionCampaign, ResourceView<InspectionCampaign>>
{
    public async Task<ResourceView<InspectionCampaign>> Handle(GetInspectionCampaign query, CancellationToken ct)
    {
        var actor = context.Actor;
        var view = await reader.GetAsync<InspectionCampaign>(actor, query.CampaignId, withHistory: actor.Role == Role.Centre, ct);
        return CampaignViews.For(view, actor, access, regions);
    }
}

public static class CampaignViews
{
    public static ResourceView<InspectionCampaign> For(ResourceView<InspectionCampaign> view, Actor actor, AccessPolicy access, RegionCatalog regions) =>
        actor.Role == Role.Centre ? view : view with { Resource = view.Resource.VisibleTo(code => access.CanSee(actor, code), regions) };
}
