using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Parameters;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// A buyer bids a unit price on an auction, decided under the listing's lock: at least the start price and the best bid
/// plus the increment, at most the cap. A bid inside the extension window moves the close; one at the cap ends the bidding.
/// </summary>
/// <remarks>Answers the bid's id, and the listing's version as the ETag.</remarks>
public sealed record PlaceBid(Guid ListingId, decimal UnitPrice, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class PlaceBidValidator : AbstractValidator<PlaceBid>
{
    public PlaceBidValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
        RuleFor(c => c.UnitPrice).GreaterThan(0);
    }
}

public sealed class PlaceBidHandler(LedgerSession session, LotSelection lots, RequestContext context, TimeProvider clock)
    : IRequestHandler<PlaceBid, CommandResult>
{
    public async Task<CommandResult> Handle(PlaceBid command, CancellationToken ct)
    {
        var (listing, participant) = await session.LockParticipationAsync(command.ListingId, context.Actor, command.ExpectedVersion, ct);
        var bidId = Guid.CreateVersion7();
        var parameters = await TradingParameterSets.ReadAsync(session, ct);
        var events = listing.State.Bid(bidId, participant, command.UnitPrice, parameters, clock.GetUtcNow(), Guid.CreateVersion7);
        return new CommandResult(bidId, await session.AppendListingAsync(lots, command.ListingId, listing, events, ct));
    }
}
