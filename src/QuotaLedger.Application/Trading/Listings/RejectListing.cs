using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>A centre user other than the drafter sends a listing under review back to draft, with a reason.</summary>
public sealed record RejectListing(Guid ListingId, string Reason, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason;

public sealed class RejectListingValidator : AbstractValidator<RejectListing>
{
    public RejectListingValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class RejectListingHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<RejectListing, CommandResult>
{
    public async Task<CommandResult> Handle(RejectListing command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, "review a listing"), command.ExpectedVersion, ct);
        session.Append(command.ListingId, listing, listing.State.RejectReview(context.Actor, command.Reason));
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
