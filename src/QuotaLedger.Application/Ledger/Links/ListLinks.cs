using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Links;

namespace QuotaLedger.Application.Ledger.Links;

public sealed record ListLinks(string? Holder, int Limit = 100, int Offset = 0) : IQuery<Page<ResourceView<QuotaLink>>>, IListQuery;

public sealed class ListLinksValidator : AbstractValidator<ListLinks>
{
    public ListLinksValidator() => this.Paging();
}

public sealed class ListLinksHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListLinks, Page<ResourceView<QuotaLink>>>
{
    public Task<Page<ResourceView<QuotaLink>>> Handle(ListLinks query, CancellationToken ct) =>
        reader.ListAsync<QuotaLink>(context.Actor, query.Holder, query.Limit, query.Offset, ct);
}
