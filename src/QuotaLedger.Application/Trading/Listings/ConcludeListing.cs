using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// 成交: the publicity is over (timed; see <see cref="TimedListingCommands"/>). Each award becomes a deal, with the
/// winner's confirmed deposit credited to its price, payable by the deadline.
/// </summary>
public sealed record ConcludeListing(Guid ListingId) : ICommand<CommandResult>;

public sealed class ConcludeListingValidator : AbstractValidator<ConcludeListing>
{
    public ConcludeListingValidator() => RuleFor(c => c.ListingId).NotEmpty();
}

public sealed class ConcludeListingHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<ConcludeListing, CommandResult>
{
    public async Task<CommandResult> Handle(ConcludeListing command, CancellationToken ct)
    {
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => access.RequireCentre(context.Actor, TimedListingCommands.Action), null, ct);
        var state = listing.State;
        if (state.Status != ListingStatus.Publicity) return new CommandResult(command.ListingId, listing.Version);

        var winners = state.Awards.Select(a => a.Award.BuyerId).Distinct().ToArray();
        var deposits = await session.LockAsync<Deposit>(winners.Select(b => Deposit.IdFor(state.Id, b)).ToArray(), ct);
        // Only a confirmed deposit counts towards the price (Deposit.CreditTo): a declared one was never received.
        var held = deposits.Values.Where(d => d.State.Status == DepositStatus.Received).ToDictionary(d => d.State.BuyerId, d => d.State.Held);

        var (concluded, deals) = state.Conclude(held, clock.GetUtcNow());
        foreach (var deal in deals)
        {
            session.Start<Deal>(deal.DealId, deal);
            if (deposits.GetValueOrDefault(Deposit.IdFor(state.Id, deal.BuyerId)) is { } deposit
                && deposit.State.CreditTo(deal.DealId, deal.Price) is { } credited)
                session.Append(deposit.State.Id, deposit, credited);
        }
        session.Append(command.ListingId, listing, concluded);
        return new CommandResult(command.ListingId, listing.Version + 1);
    }
}
