using FluentValidation;
using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Consumption;

namespace QuotaLedger.Application.Consumption;

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
