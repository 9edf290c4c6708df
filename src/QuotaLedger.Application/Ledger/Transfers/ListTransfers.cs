using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;

namespace QuotaLedger.Application.Ledger.Transfers;

public sealed record ListTransfers(string? Holder, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<Transfer>>>, IListQuery;

public sealed class ListTransfersValidator : AbstractValidator<ListTransfers>
{
    public ListTransfersValidator() => this.Paging();
}

public sealed class ListTransfersHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListTransfers, Page<ResourceView<Transfer>>>
{
    public Task<Page<ResourceView<Transfer>>> Handle(ListTransfers query, CancellationToken ct) =>
        reader.ListAsync<Transfer>(context.Actor, query.Holder, query.Limit, query.Offset, ct);
}
