using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Deductions;

namespace QuotaLedger.Application.Deductions;

public sealed record GetDeduction(Guid DeductionId) : IQuery<ResourceView<Deduction>>;

public sealed class GetDeductionHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetDeduction, ResourceView<Deduction>>
{
    public Task<ResourceView<Deduction>> Handle(GetDeduction query, CancellationToken ct) =>
        reader.GetAsync<Deduction>(context.Actor, query.DeductionId, withHistory: true, ct);
}
