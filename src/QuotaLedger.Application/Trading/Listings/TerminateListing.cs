using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>交易终止: the centre ends a listing during trading or before its deal, with a reason; the escrow goes back to the seller and the deposits become refundable.</summary>
public sealed record TerminateListing(Guid ListingId, string Reason, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason;

public sealed class TerminateListingValidator : AbstractValidator<TerminateListing>
{
    public TerminateListingValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class TerminateListingHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<TerminateListing, CommandResult>
{
    public async Task<CommandResult> Handle(TerminateListing command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, "terminate a listing"),
            command.ExpectedVersion, ct);
        var held = await lots.LockEscrowAsync(listing.State, ct);

        var (ended, released) = listing.State.Terminate(command.Reason, held.States);
        session.Append(command.ListingId, listing, ended);
        session.AppendLots(held.ById, released);
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
