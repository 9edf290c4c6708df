using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Freezing;

namespace QuotaLedger.Application.Freezing;

public sealed record GetFreeze(Guid FreezeId) : IQuery<ResourceView<Freeze>>;

public sealed class GetFreezeHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetFreeze, ResourceView<Freeze>>
{
    public Task<ResourceView<Freeze>> Handle(GetFreeze query, CancellationToken ct) =>
        reader.GetAsync<Freeze>(context.Actor, query.FreezeId, withHistory: true, ct);
}
