using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Application.Trading.Deals;
using QuotaLedger.Application.Trading.Listings;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading;

/// <summary>
/// The timed transitions of trading (trading opens, trading closes, a listing concludes, a payment deadline defaults),
/// which <see cref="TimedCommands"/> sends when they are due. Each command decides under its aggregate's lock and refuses
/// what already happened, so with several service instances each transition happens once, and one missed while the
/// service was down happens at its next start, dated when it was due.
/// </summary>
public sealed class TradingClock : IDueCommands
{
    /// <summary>The actor the timed transitions are recorded under.</summary>
    public static readonly Actor Actor = new("trading-clock", Role.Centre, RegionCatalog.RegionCode);

    Actor IDueCommands.Actor => Actor;

    public async Task<IReadOnlyList<IRequest<CommandResult>>> DueAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        // Only listings and deals that have a transition ahead; the ended ones, which are most, are not read.
        var listings = await session.QueryAsync<AggregateDocument<Listing>>("where data -> 'state' ->> 'status' = ANY(?)", ct,
            [new[] { ListingStatus.Notice, ListingStatus.Trading, ListingStatus.Publicity }.Select(Spelling.Of).ToArray()]);
        var deals = await session.QueryAsync<AggregateDocument<Deal>>("where data -> 'state' ->> 'status' = ?", ct,
            Spelling.Of(DealStatus.AwaitingPayment));
        var due = new List<IRequest<CommandResult>>();
        foreach (var listing in listings.Select(d => d.State))
        {
            if (listing.Status == ListingStatus.Notice && listing.Terms.TradingStart <= now) due.Add(new OpenListingTrading(listing.Id));
            else if (listing.Status == ListingStatus.Trading && listing.ClosesAt <= now) due.Add(new CloseListingTrading(listing.Id));
            else if (listing.Status == ListingStatus.Publicity && listing.PublicityEnds <= now) due.Add(new ConcludeListing(listing.Id));
        }
        foreach (var deal in deals.Select(d => d.State))
            if (deal.Status == DealStatus.AwaitingPayment && deal.NextDeadline <= now) due.Add(new DefaultDeal(deal.Id));
        return due;
    }
}
