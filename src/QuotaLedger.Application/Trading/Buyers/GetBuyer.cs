using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Buyers;

namespace QuotaLedger.Application.Trading.Buyers;

/// <summary>A buyer with the history of its registration, suspensions, bars and reinstatements: the centre any, a buyer itself.</summary>
public sealed record GetBuyer(Guid BuyerId) : IQuery<ResourceView<Buyer>>;

public sealed class GetBuyerHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetBuyer, ResourceView<Buyer>>
{
    public Task<ResourceView<Buyer>> Handle(GetBuyer query, CancellationToken ct) =>
        reader.GetAsync<Buyer>(context.Actor, query.BuyerId, withHistory: true, ct);
}
