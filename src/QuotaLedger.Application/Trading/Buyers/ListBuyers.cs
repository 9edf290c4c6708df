using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Buyers;

namespace QuotaLedger.Application.Trading.Buyers;

/// <summary>The registered buyers, newest first: the centre sees all, a buyer only itself.</summary>
public sealed record ListBuyers(int Limit = 100, int Offset = 0) : IQuery<Page<ResourceView<Buyer>>>;

public sealed class ListBuyersValidator : AbstractValidator<ListBuyers>
{
    public ListBuyersValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListQueryRules.MaxLimit);
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
    }
}

public sealed class ListBuyersHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListBuyers, Page<ResourceView<Buyer>>>
{
    public Task<Page<ResourceView<Buyer>>> Handle(ListBuyers query, CancellationToken ct)
    {
        // A county or prefecture trades with no buyer: an empty list would say "none registered", which is not so.
        if (context.Actor.Role is not (Role.Centre or Role.Buyer))
            throw new ForbiddenException("Only the land reserve centre and the buyers themselves see buyers.");
        return reader.ListAsync<Buyer>(context.Actor, null, query.Limit, query.Offset, ct);
    }
}
