using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Transfers;

namespace QuotaLedger.Application.Transfers;

public sealed record GetTransfer(Guid TransferId) : IQuery<ResourceView<Transfer>>;

public sealed class GetTransferHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetTransfer, ResourceView<Transfer>>
{
    public Task<ResourceView<Transfer>> Handle(GetTransfer query, CancellationToken ct) =>
        reader.GetAsync<Transfer>(context.Actor, query.TransferId, withHistory: true, ct);
}
