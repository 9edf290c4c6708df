using FluentValidation;
using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Holders;

/// <summary>The lots a holder holds, newest first, each with its buckets and provenance; kind narrows to one kind.</summary>
public sealed record ListHolderLots(string Holder, string? Kind = null, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<Lot>>>, IListQuery;

public sealed class ListHolderLotsValidator : AbstractValidator<ListHolderLots>
{
    private static readonly string[] Kinds = Enum.GetValues<QuotaKind>().Select(Journal.KindName).ToArray();

    public ListHolderLotsValidator()
    {
        this.Paging(buyersToo: true);
        RuleFor(q => q.Holder).KnownHolderOrBuyer();
        RuleFor(q => q.Kind).Must(k => k is null || Kinds.Contains(k))
            .WithMessage($"The kind is one of: {string.Join(", ", Kinds)}.");
    }
}

public sealed class ListHolderLotsHandler(IDocumentStore store, RequestContext context, AccessPolicy access)
    : IRequestHandler<ListHolderLots, Page<ResourceView<Lot>>>
{
    public async Task<Page<ResourceView<Lot>>> Handle(ListHolderLots query, CancellationToken ct)
    {
        access.RequireSee(context.Actor, query.Holder);
        await using var session = store.QuerySession();
        // The scope condition uses the GIN index; the holder condition leaves out the counties' lots of a prefecture.
        var lots = session.Query<AggregateDocument<Lot>>().Where(d => d.Scope.Contains(query.Holder) && d.State.Holder == query.Holder);
        if (query.Kind is { } kind)
        {
            var parsed = Enum.GetValues<QuotaKind>().Single(k => Journal.KindName(k) == kind);
            lots = lots.Where(d => d.State.Kind == parsed);
        }
        var documents = await lots.OrderByDescending(d => d.CreatedSequence).Skip(query.Offset).Take(query.Limit).ToListAsync(ct);
        return new Page<ResourceView<Lot>>(documents.Select(d => new ResourceView<Lot>(d.State, d.Version)).ToArray(), query.Limit, query.Offset);
    }
}
