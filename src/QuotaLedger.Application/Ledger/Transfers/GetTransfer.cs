using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;

namespace QuotaLedger.Application.Ledger.Transfers;

public sealed record GetTransfer(Guid TransferId) : IQuery<ResourceView<Transfer>>;

public sealed class GetTransferHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetTransfer, ResourceView<Transfer>>
{
    public Task<ResourceView<Transfer>> Handle(GetTransfer query, CancellationToken ct) =>
        reader.GetAsync<Transfer>(context.Actor, query.TransferId, withHistory: true, ct);
}
