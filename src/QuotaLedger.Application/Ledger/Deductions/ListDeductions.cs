using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Deductions;

namespace QuotaLedger.Application.Ledger.Deductions;

public sealed record ListDeductions(string? Holder, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<Deduction>>>, IListQuery;

public sealed class ListDeductionsValidator : AbstractValidator<ListDeductions>
{
    public ListDeductionsValidator() => this.Paging();
}

public sealed class ListDeductionsHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListDeductions, Page<ResourceView<Deduction>>>
{
    public Task<Page<ResourceView<Deduction>>> Handle(ListDeductions query, CancellationToken ct) =>
        reader.ListAsync<Deduction>(context.Actor, query.Holder, query.Limit, query.Offset, ct);
}
