using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>结果公示: the centre publishes the provisional result for the publicity days.</summary>
public sealed record PublicizeListingResult(Guid ListingId, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class PublicizeListingResultValidator : AbstractValidator<PublicizeListingResult>
{
    public PublicizeListingResultValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
    }
}

public sealed class PublicizeListingResultHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<PublicizeListingResult, CommandResult>
{
    public async Task<CommandResult> Handle(PublicizeListingResult command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, "publicise a listing's result"), command.ExpectedVersion, ct);
        session.Append(command.ListingId, listing, listing.State.PublicizeResult(context.Actor, clock.GetUtcNow()));
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
