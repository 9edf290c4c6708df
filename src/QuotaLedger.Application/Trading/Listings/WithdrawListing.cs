using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>The centre withdraws a listing before trading begins, with a reason; any escrow goes back to the seller.</summary>
public sealed record WithdrawListing(Guid ListingId, string Reason, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason;

public sealed class WithdrawListingValidator : AbstractValidator<WithdrawListing>
{
    public WithdrawListingValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class WithdrawListingHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<WithdrawListing, CommandResult>
{
    public async Task<CommandResult> Handle(WithdrawListing command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, "withdraw a listing"),
            command.ExpectedVersion, ct);
        var held = await lots.LockEscrowAsync(listing.State, ct);

        var (ended, released) = listing.State.Withdraw(command.Reason, held.States);
        session.Append(command.ListingId, listing, ended);
        session.AppendLots(held.ById, released);
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
