using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Deals;

/// <summary>
/// A payment deadline of the deal passed unmet, so the deal defaults: a timed transition the trading clock sends, which
/// the centre may also declare itself once the deadline has passed.
/// The escrowed shares go back to the seller, a credited deposit is forfeited, the buyer is barred for the deal's bar
/// days from today, and a listing's deal is settled as not delivered, all in one transaction.
/// </summary>
/// <remarks>
/// Safe to send twice or from two service instances at once: the deal's lock orders them, and the second finds the deal
/// defaulted and records nothing. A deal paid meanwhile is refused (<c>invalid-state</c>), one whose deadline has not
/// passed too (<c>invalid-schedule</c>).
/// </remarks>
public sealed record DefaultDeal(Guid DealId, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class DefaultDealValidator : AbstractValidator<DefaultDeal>
{
    public DefaultDealValidator() => RuleFor(c => c.DealId).NotEmpty();
}

public sealed class DefaultDealHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<DefaultDeal, CommandResult>
{
    public async Task<CommandResult> Handle(DefaultDeal command, CancellationToken ct)
    {
        var deal = await session.LockOneAsync<Deal>(command.DealId, _ => access.RequireCentre(context.Actor, "declare a default"), command.ExpectedVersion, ct);
        if (deal.State.Status == DealStatus.Defaulted) return new CommandResult(command.DealId, deal.Version);

        var fromListing = deal.State.Source == DealSource.Listing;
        var listing = fromListing ? await session.LockOneAsync<Listing>(deal.State.EscrowId, ct) : null;
        var depositId = Deposit.IdFor(deal.State.EscrowId, deal.State.BuyerId);
        var deposit = fromListing ? await session.LockOptionalAsync<Deposit>(depositId, _ => { }, null, ct) : null;
        var buyer = await session.LockOneAsync<Buyer>(deal.State.BuyerId, ct);
        var held = await lots.LockAsync(deal.State.LotIds.ToArray(), ct);

        var now = clock.GetUtcNow();
        var forfeited = deposit?.State.Forfeit(command.DealId);
        var (defaulted, released) = deal.State.Default(held.States, forfeited?.Amount ?? 0, now);
        session.Append(command.DealId, deal, defaulted);
        session.AppendLots(held.ById, released);
        if (forfeited is not null) session.Append(depositId, deposit!, forfeited);
        session.Append(buyer.State.Id, buyer,
            buyer.State.BarForDefault(command.DealId, deal.State.BarDays, DateOnly.FromDateTime(now.UtcDateTime)));
        if (listing is not null) session.Append(listing.State.Id, listing, listing.State.RecordSettlement(command.DealId, delivered: false));
        return new CommandResult(command.DealId, deal.Version + 1);
    }
}
