using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Agreements;

namespace QuotaLedger.Application.Trading.Agreements;

/// <summary>Agreements the user may see, newest first: the centre all, a county those it sells from, a buyer its own.</summary>
public sealed record ListAgreements(string? Holder, int Limit = 100, int Offset = 0) : IQuery<Page<ResourceView<Agreement>>>, IListQuery;

public sealed class ListAgreementsValidator : AbstractValidator<ListAgreements>
{
    public ListAgreementsValidator() => this.Paging(buyersToo: true);
}

public sealed class ListAgreementsHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListAgreements, Page<ResourceView<Agreement>>>
{
    public Task<Page<ResourceView<Agreement>>> Handle(ListAgreements query, CancellationToken ct) =>
        reader.ListAsync<Agreement>(context.Actor, query.Holder, query.Limit, query.Offset, ct);
}
