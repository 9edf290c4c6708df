using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Freezes;

namespace QuotaLedger.Application.Ledger.Freezes;

public sealed record ListFreezes(string? Holder, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<Freeze>>>, IListQuery;

public sealed class ListFreezesValidator : AbstractValidator<ListFreezes>
{
    public ListFreezesValidator() => this.Paging();
}

public sealed class ListFreezesHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListFreezes, Page<ResourceView<Freeze>>>
{
    public Task<Page<ResourceView<Freeze>>> Handle(ListFreezes query, CancellationToken ct) =>
        reader.ListAsync<Freeze>(context.Actor, query.Holder, query.Limit, query.Offset, ct);
}
