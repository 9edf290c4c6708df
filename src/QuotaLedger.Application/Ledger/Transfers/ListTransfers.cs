using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;

namespace QuotaLedger.Application.Ledger.Transfers;

/// <summary>Transfers the user may see, newest first: <paramref name="Status"/> narrows to one status (pending: the ones to decide).</summary>
public sealed record ListTransfers(string? Holder, string? Status = null, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<Transfer>>>, IListQuery;

public sealed class ListTransfersValidator : AbstractValidator<ListTransfers>
{
    public ListTransfersValidator()
    {
        this.Paging();
        RuleFor(q => q.Status).KnownStatus<ListTransfers, TransferStatus>();
    }
}

public sealed class ListTransfersHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListTransfers, Page<ResourceView<Transfer>>>
{
    public Task<Page<ResourceView<Transfer>>> Handle(ListTransfers query, CancellationToken ct)
    {
        var status = StatusFilter.Parse<TransferStatus>(query.Status);
        return reader.ListAsync<Transfer>(context.Actor, query.Holder, query.Limit, query.Offset, ct,
            status is { } wanted ? d => d.State.Status == wanted : null);
    }
}
