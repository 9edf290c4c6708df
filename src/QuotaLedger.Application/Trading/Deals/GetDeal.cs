using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Deals;

namespace QuotaLedger.Application.Trading.Deals;

/// <summary>
/// A deal with its history, for the centre, the selling holder (and its prefecture) and the buyer; another buyer is
/// refused (403), as a holder is refused what it may not see everywhere in the API.
/// </summary>
public sealed record GetDeal(Guid DealId) : IQuery<ResourceView<Deal>>;

public sealed class GetDealHandler(DocumentReader reader, RequestContext context) : IRequestHandler<GetDeal, ResourceView<Deal>>
{
    public Task<ResourceView<Deal>> Handle(GetDeal query, CancellationToken ct) =>
        reader.GetAsync<Deal>(context.Actor, query.DealId, withHistory: true, ct);
}
