using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Consumption;

namespace QuotaLedger.Application.Consumption;

public sealed record GetLink(Guid LinkId) : IQuery<ResourceView<QuotaLink>>;

public sealed class GetLinkHandler(DocumentReader reader, RequestContext context) : IRequestHandler<GetLink, ResourceView<QuotaLink>>
{
    public Task<ResourceView<QuotaLink>> Handle(GetLink query, CancellationToken ct) =>
        reader.GetAsync<QuotaLink>(context.Actor, query.LinkId, withHistory: true, ct);
}
