using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>The centre submits a draft for review; a county's lots need the county's consent first.</summary>
public sealed record SubmitListing(Guid ListingId, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class SubmitListingValidator : AbstractValidator<SubmitListing>
{
    public SubmitListingValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
    }
}

public sealed class SubmitListingHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<SubmitListing, CommandResult>
{
    public async Task<CommandResult> Handle(SubmitListing command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, "submit a listing"), command.ExpectedVersion, ct);
        session.Append(command.ListingId, listing, listing.State.Submit(context.Actor));
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
