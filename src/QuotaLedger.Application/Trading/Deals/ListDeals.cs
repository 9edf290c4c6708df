using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Deals;

namespace QuotaLedger.Application.Trading.Deals;

/// <summary>
/// Deals the user may see, newest first: the centre all, a county those it sells in (a prefecture its counties'), a
/// buyer its own; holder narrows to one seller or buyer, status to one status (awaiting_payment: those to settle).
/// </summary>
public sealed record ListDeals(string? Holder, string? Status = null, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<Deal>>>, IListQuery;

public sealed class ListDealsValidator : AbstractValidator<ListDeals>
{
    public ListDealsValidator()
    {
        this.Paging(buyersToo: true);
        RuleFor(q => q.Status).KnownStatus<ListDeals, DealStatus>();
    }
}

public sealed class ListDealsHandler(DocumentReader reader, RequestContext context) : IRequestHandler<ListDeals, Page<ResourceView<Deal>>>
{
    public Task<Page<ResourceView<Deal>>> Handle(ListDeals query, CancellationToken ct)
    {
        var status = StatusFilter.Parse<DealStatus>(query.Status);
        return reader.ListAsync<Deal>(context.Actor, query.Holder, query.Limit, query.Offset, ct,
            status is { } wanted ? d => d.State.Status == wanted : null);
    }
}
