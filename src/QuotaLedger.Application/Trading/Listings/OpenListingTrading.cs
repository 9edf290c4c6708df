using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>The notice period is over: trading opens (timed; see <see cref="TimedListingCommands"/>).</summary>
public sealed record OpenListingTrading(Guid ListingId) : ICommand<CommandResult>;

public sealed class OpenListingTradingValidator : AbstractValidator<OpenListingTrading>
{
    public OpenListingTradingValidator() => RuleFor(c => c.ListingId).NotEmpty();
}

public sealed class OpenListingTradingHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<OpenListingTrading, CommandResult>
{
    public async Task<CommandResult> Handle(OpenListingTrading command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, TimedListingCommands.Action), null, ct);
        if (listing.State.Status != ListingStatus.Notice) return new CommandResult(command.ListingId, listing.Version);
        session.Append(command.ListingId, listing, listing.State.OpenTrading(clock.GetUtcNow()));
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
