using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Parameters;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// The centre drafts a listing (挂牌 or 拍卖) of one measure of one kind, from the region account 150000 or a county's
/// lots; terms it leaves out come from the trading parameters in force on the notice day.
/// </summary>
public sealed record DraftListing(
    string Seller,
    QuotaKind Kind,
    PricedMeasure Measure,
    decimal Quantity,
    ListingMode Mode,
    decimal StartPrice,
    DateTimeOffset NoticeStart,
    DateTimeOffset TradingStart,
    DateTimeOffset TradingEnd,
    decimal? Increment = null,
    decimal? Cap = null,
    decimal? Reserve = null,
    decimal? Deposit = null,
    IReadOnlyList<Guid>? EligibleBuyers = null) : ICommand<CommandResult>;

public sealed class DraftListingValidator : AbstractValidator<DraftListing>
{
    public const int MaxEligibleBuyers = 200;

    public DraftListingValidator()
    {
        RuleFor(c => c.Seller).KnownHolder();
        RuleFor(c => c.Quantity).GreaterThan(0);
        RuleFor(c => c.StartPrice).GreaterThan(0);
        RuleFor(c => c.Increment).GreaterThan(0).When(c => c.Increment is not null);
        RuleFor(c => c.Cap).GreaterThan(0).When(c => c.Cap is not null);
        RuleFor(c => c.Reserve).GreaterThan(0).When(c => c.Reserve is not null);
        RuleFor(c => c.Deposit).GreaterThanOrEqualTo(0).When(c => c.Deposit is not null);
        RuleFor(c => c.TradingEnd).GreaterThan(c => c.TradingStart).WithMessage("The trading window must end after it starts.");
        RuleFor(c => c.EligibleBuyers).Must(b => b!.Count <= MaxEligibleBuyers).When(c => c.EligibleBuyers is not null)
            .WithMessage($"A listing names at most {MaxEligibleBuyers} eligible buyers.");
        RuleForEach(c => c.EligibleBuyers).NotEmpty();
    }
}

public sealed class DraftListingHandler(LedgerSession session, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<DraftListing, CommandResult>
{
    public async Task<CommandResult> Handle(DraftListing command, CancellationToken ct)
    {
        access.RequireCentre(context.Actor, "draft a listing");
        var parameters = await TradingParameterSets.ReadAsync(session, ct);
        var request = new ListingRequest(command.Kind, command.Measure, command.Quantity, command.Mode, command.StartPrice, command.Increment,
            command.Cap, command.Reserve, command.Deposit, command.NoticeStart, command.TradingStart, command.TradingEnd, command.EligibleBuyers);
        var id = Guid.CreateVersion7();
        var number = await session.NextAsync(command.NoticeStart, ct);
        session.Start<Listing>(id, Listing.Draft(id, number, command.Seller, request, parameters, regions, clock.GetUtcNow(), context.Actor));
        return new CommandResult(id, 1);
    }
}
