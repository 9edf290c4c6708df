using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// The trading window ran out, after any extensions (timed; see <see cref="TimedListingCommands"/>): the listing is
/// awarded, and what it did not sell goes back to the seller, or it is not sold and all of it does.
/// </summary>
public sealed record CloseListingTrading(Guid ListingId) : ICommand<CommandResult>;

public sealed class CloseListingTradingValidator : AbstractValidator<CloseListingTrading>
{
    public CloseListingTradingValidator() => RuleFor(c => c.ListingId).NotEmpty();
}

public sealed class CloseListingTradingHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<CloseListingTrading, CommandResult>
{
    public async Task<CommandResult> Handle(CloseListingTrading command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, TimedListingCommands.Action), null, ct);
        if (listing.State.Status != ListingStatus.Trading) return new CommandResult(command.ListingId, listing.Version);
        var events = listing.State.CloseTrading(clock.GetUtcNow(), Guid.CreateVersion7);
        return new CommandResult(command.ListingId, await session.AppendListingAsync(lots, command.ListingId, listing, events, ct));
    }
}
