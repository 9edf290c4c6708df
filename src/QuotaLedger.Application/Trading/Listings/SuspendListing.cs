using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>中止: the centre suspends a listing where it stands, with a reason, until it resumes it.</summary>
public sealed record SuspendListing(Guid ListingId, string Reason, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason;

public sealed class SuspendListingValidator : AbstractValidator<SuspendListing>
{
    public SuspendListingValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class SuspendListingHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<SuspendListing, CommandResult>
{
    public async Task<CommandResult> Handle(SuspendListing command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, "suspend a listing"), command.ExpectedVersion, ct);
        session.Append(command.ListingId, listing, listing.State.Suspend(command.Reason));
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
