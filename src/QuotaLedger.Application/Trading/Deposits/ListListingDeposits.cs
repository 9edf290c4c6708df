using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Buyers;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Application.Trading.Listings;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Deposits;

/// <summary>The deposits of a listing: every one to the centre, its own to a buyer.</summary>
public sealed record ListListingDeposits(Guid ListingId) : IQuery<IReadOnlyList<ResourceView<Deposit>>>;

public sealed class ListListingDepositsHandler(IDocumentStore store, RequestContext context, AccessPolicy access)
    : IRequestHandler<ListListingDeposits, IReadOnlyList<ResourceView<Deposit>>>
{
    public async Task<IReadOnlyList<ResourceView<Deposit>>> Handle(ListListingDeposits query, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var listing = await ListingVisibility.RequireVisibleAsync(session, access, context.Actor, query.ListingId, ct);
        if (context.Actor.Role == Role.Buyer)
        {
            var id = Deposit.IdFor(listing.State.Id, BuyerActors.IdOf(context.Actor));
            var own = await AggregateDocuments.LoadManyAsync<Deposit>(session, [id], ct);
            return own.Values.Select(d => new ResourceView<Deposit>(d.State, d.Version)).ToArray();
        }
        access.RequireCentre(context.Actor, "see the deposits of a listing");
        var documents = await session.Query<AggregateDocument<Deposit>>().Where(d => d.State.ListingId == query.ListingId)
            .OrderBy(d => d.CreatedSequence).ToListAsync(ct);
        return documents.Select(d => new ResourceView<Deposit>(d.State, d.Version)).ToArray();
    }
}
