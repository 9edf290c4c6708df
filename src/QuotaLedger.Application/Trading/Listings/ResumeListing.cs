using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>The centre resumes a suspended listing where it stood; a close that passed meanwhile needs a new one.</summary>
public sealed record ResumeListing(Guid ListingId, string Reason, DateTimeOffset? ClosesAt = null, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason;

public sealed class ResumeListingValidator : AbstractValidator<ResumeListing>
{
    public ResumeListingValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class ResumeListingHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<ResumeListing, CommandResult>
{
    public async Task<CommandResult> Handle(ResumeListing command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, "resume a listing"), command.ExpectedVersion, ct);
        session.Append(command.ListingId, listing, listing.State.Resume(command.Reason, command.ClosesAt, clock.GetUtcNow()));
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
