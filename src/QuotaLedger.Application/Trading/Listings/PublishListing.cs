using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Parameters;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// A centre user other than the drafter approves a listing under review: it is announced, and its quantity goes into
/// escrow on the seller's lots, oldest first.
/// </summary>
public sealed record PublishListing(Guid ListingId, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class PublishListingValidator : AbstractValidator<PublishListing>
{
    public PublishListingValidator() => RuleFor(c => c.ListingId).NotEmpty();
}

public sealed class PublishListingHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<PublishListing, CommandResult>
{
    public async Task<CommandResult> Handle(PublishListing command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, "publish a listing"),
            command.ExpectedVersion, ct);
        var state = listing.State;
        var parameters = await TradingParameterSets.ReadAsync(session, ct);
        var held = await lots.LockCoveringAsync(state.Kind, state.Terms.Measure.AsMeasures(state.Terms.Quantity), [new DrawFrom(state.Seller)], ct);

        var (published, reserved) = state.Publish(context.Actor, held.InOrder, parameters, clock.GetUtcNow());
        session.Append(command.ListingId, listing, published);
        session.AppendLots(held.ById, reserved);
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
