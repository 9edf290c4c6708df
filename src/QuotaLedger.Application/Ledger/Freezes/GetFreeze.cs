using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Freezes;

namespace QuotaLedger.Application.Ledger.Freezes;

public sealed record GetFreeze(Guid FreezeId) : IQuery<ResourceView<Freeze>>;

public sealed class GetFreezeHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetFreeze, ResourceView<Freeze>>
{
    public Task<ResourceView<Freeze>> Handle(GetFreeze query, CancellationToken ct) =>
        reader.GetAsync<Freeze>(context.Actor, query.FreezeId, withHistory: true, ct);
}
