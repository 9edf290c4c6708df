using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>
/// Campaigns the user may see, newest first, each as <see cref="GetInspectionCampaign"/> shows it (without history); holder
/// narrows to those whose problem list names a project of that holder (or of a county of that prefecture).
/// </summary>
public sealed record ListInspectionCampaigns(string? Holder, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<InspectionCampaign>>>, IListQuery;

public sealed class ListInspectionCampaignsValidator : AbstractValidator<ListInspectionCampaigns>
{
    public ListInspectionCampaignsValidator() => this.Paging();
}

public sealed class ListInspectionCampaignsHandler(DocumentReader reader, RequestContext context, AccessPolicy access, RegionCatalog regions)
    : IRequestHandler<ListInspectionCampaigns, Page<ResourceView<InspectionCampaign>>>
{
    public async Task<Page<ResourceView<InspectionCampaign>>> Handle(ListInspectionCampaigns query, CancellationToken ct)
    {
        var page = await reader.ListAsync<InspectionCampaign>(context.Actor, query.Holder, query.Limit, query.Offset, ct);
        return page with { Items = page.Items.Select(v => CampaignViews.For(v, context.Actor, access, regions)).ToArray() };
    }
}
