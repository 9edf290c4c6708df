using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Parameters;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// A buyer orders a quantity of a fixed-price listing at its price. Orders are decided under the listing's lock, so
/// buyers racing for the last units are ordered by the database; the order that takes the last of it closes trading.
/// </summary>
/// <remarks>Answers the order's id, and the listing's version as the ETag.</remarks>
public sealed record PlaceOrder(Guid ListingId, decimal Quantity, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class PlaceOrderValidator : AbstractValidator<PlaceOrder>
{
    public PlaceOrderValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
        RuleFor(c => c.Quantity).GreaterThan(0);
    }
}

public sealed class PlaceOrderHandler(LedgerSession session, LotSelection lots, RequestContext context, TimeProvider clock)
    : IRequestHandler<PlaceOrder, CommandResult>
{
    public async Task<CommandResult> Handle(PlaceOrder command, CancellationToken ct)
    {
        var (listing, participant) = await session.LockParticipationAsync(command.ListingId, context.Actor, command.ExpectedVersion, ct);
        var orderId = Guid.CreateVersion7();
        var parameters = await TradingParameterSets.ReadAsync(session, ct);
        // The time is read after the locks are held: an order waiting behind another is checked against when it is decided.
        var events = listing.State.Order(orderId, participant, command.Quantity, parameters, clock.GetUtcNow(), Guid.CreateVersion7);
        return new CommandResult(orderId, await session.AppendListingAsync(lots, command.ListingId, listing, events, ct));
    }
}
