using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>A re-check that confirmed rectification: the record lifted freezes and resumed storage applications cite.</summary>
public sealed record GetRectificationRecheck(Guid RecheckId) : IQuery<ResourceView<RectificationRecheck>>;

public sealed class GetRectificationRecheckHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetRectificationRecheck, ResourceView<RectificationRecheck>>
{
    public Task<ResourceView<RectificationRecheck>> Handle(GetRectificationRecheck query, CancellationToken ct) =>
        reader.GetAsync<RectificationRecheck>(context.Actor, query.RecheckId, withHistory: true, ct);
}
