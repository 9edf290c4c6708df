using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Deductions;

namespace QuotaLedger.Application.Ledger.Deductions;

public sealed record GetDeduction(Guid DeductionId) : IQuery<ResourceView<Deduction>>;

public sealed class GetDeductionHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetDeduction, ResourceView<Deduction>>
{
    public Task<ResourceView<Deduction>> Handle(GetDeduction query, CancellationToken ct) =>
        reader.GetAsync<Deduction>(context.Actor, query.DeductionId, withHistory: true, ct);
}
