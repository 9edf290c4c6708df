using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Links;

namespace QuotaLedger.Application.Ledger.Links;

public sealed record GetLink(Guid LinkId) : IQuery<ResourceView<QuotaLink>>;

public sealed class GetLinkHandler(DocumentReader reader, RequestContext context) : IRequestHandler<GetLink, ResourceView<QuotaLink>>
{
    public Task<ResourceView<QuotaLink>> Handle(GetLink query, CancellationToken ct) =>
        reader.GetAsync<QuotaLink>(context.Actor, query.LinkId, withHistory: true, ct);
}
