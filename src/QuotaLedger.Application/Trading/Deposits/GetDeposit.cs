using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Deposits;

namespace QuotaLedger.Application.Trading.Deposits;

/// <summary>A deposit with its history: the centre's, or the buyer's own.</summary>
public sealed record GetDeposit(Guid DepositId) : IQuery<ResourceView<Deposit>>;

public sealed class GetDepositHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetDeposit, ResourceView<Deposit>>
{
    public Task<ResourceView<Deposit>> Handle(GetDeposit query, CancellationToken ct) =>
        reader.GetAsync<Deposit>(context.Actor, query.DepositId, withHistory: true, ct);
}
