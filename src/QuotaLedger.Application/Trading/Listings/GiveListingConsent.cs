using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// The county whose lots a listing sells consents to their sale, by a user of its own: the centre cannot consent for it.
/// </summary>
public sealed record GiveListingConsent(Guid ListingId, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class GiveListingConsentValidator : AbstractValidator<GiveListingConsent>
{
    public GiveListingConsentValidator() => RuleFor(c => c.ListingId).NotEmpty();
}

public sealed class GiveListingConsentHandler(LedgerSession session, RequestContext context)
    : IRequestHandler<GiveListingConsent, CommandResult>
{
    public async Task<CommandResult> Handle(GiveListingConsent command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, RequireSellerCounty, command.ExpectedVersion, ct);
        session.Append(command.ListingId, listing, listing.State.Consent(context.Actor));
        return new CommandResult(command.ListingId, listing.Version + 1);
    }

    private void RequireSellerCounty(Listing listing)
    {
        if (context.Actor.Role != Role.County || context.Actor.Organisation != listing.Seller)
            throw new ForbiddenException("Only a user of the county whose quota is listed gives its consent to the sale.");
    }
}
