using FluentValidation;
using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Buyers;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Listings;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>A line of a list of listings.</summary>
public sealed record ListingSummary(
    Guid Id, string Number, [RegionCode] string Seller, ListingStatus Status, QuotaKind Kind, PricedMeasure Measure, decimal Quantity, ListingMode Mode,
    decimal StartPrice, decimal Deposit, decimal Remaining, decimal? BestPrice, DateTimeOffset NoticeStart, DateTimeOffset TradingStart,
    DateTimeOffset ClosesAt)
{
    public static ListingSummary Of(Listing l) => new(l.Id, l.Number, l.Seller, l.Status, l.Kind, l.Terms.Measure, l.Terms.Quantity,
        l.Terms.Mode, l.Terms.StartPrice, l.Terms.Deposit, l.Remaining, l.HighestBid?.UnitPrice, l.Terms.NoticeStart, l.Terms.TradingStart, l.ClosesAt);
}

/// <summary>
/// Listings, newest first: every one to the centre (optionally of one status), a county's or prefecture's own, and to a
/// buyer those open to it that are announced or trading.
/// </summary>
public sealed record ListListings(string? Status, int Limit = 100, int Offset = 0) : IQuery<Page<ResourceView<ListingSummary>>>;

public sealed class ListListingsValidator : AbstractValidator<ListListings>
{
    public ListListingsValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListQueryRules.MaxLimit);
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Status).KnownStatus<ListListings, ListingStatus>();
    }
}

public sealed class ListListingsHandler(IDocumentStore store, RequestContext context)
    : IRequestHandler<ListListings, Page<ResourceView<ListingSummary>>>
{
    public async Task<Page<ResourceView<ListingSummary>>> Handle(ListListings query, CancellationToken ct)
    {
        var actor = context.Actor;
        await using var session = store.QuerySession();
        var listings = session.Query<AggregateDocument<Listing>>().AsQueryable();
        if (actor.Role == Role.Buyer)
        {
            var buyer = BuyerActors.IdOf(actor);
            listings = listings.Where(d => (d.State.Status == ListingStatus.Notice || d.State.Status == ListingStatus.Trading)
                                           && (d.State.Terms.EligibleBuyers == null || d.State.Terms.EligibleBuyers.Contains(buyer)));
        }
        else if (actor.Role != Role.Centre)
        {
            var organisation = actor.Organisation;
            listings = listings.Where(d => d.Scope.Contains(organisation));
        }
        if (StatusFilter.Parse<ListingStatus>(query.Status) is { } status) listings = listings.Where(d => d.State.Status == status);

        var documents = await listings.OrderByDescending(d => d.CreatedSequence).Skip(query.Offset).Take(query.Limit).ToListAsync(ct);
        return new Page<ResourceView<ListingSummary>>(
            documents.Select(d => new ResourceView<ListingSummary>(ListingSummary.Of(d.State), d.Version)).ToArray(), query.Limit, query.Offset);
    }
}
