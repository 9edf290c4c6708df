using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Deals;

/// <summary>
/// The centre confirms money received for a deal under the buyer's bank reference. The payment that completes the
/// amount due delivers the quota in the same transaction: out of the seller's escrow into its sold bucket, and into
/// new lots of the buyer that keep the provenance; the price is attributed to the counties the lots came from.
/// </summary>
/// <remarks>The same reference confirmed again with the same amount is the same payment: nothing is recorded.</remarks>
public sealed record ConfirmPayment(Guid DealId, string BankReference, decimal Amount, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class ConfirmPaymentValidator : AbstractValidator<ConfirmPayment>
{
    public ConfirmPaymentValidator()
    {
        RuleFor(c => c.DealId).NotEmpty();
        RuleFor(c => c.BankReference).BankReference();
        RuleFor(c => c.Amount).Payment();
    }
}

public sealed class ConfirmPaymentHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<ConfirmPayment, CommandResult>
{
    public async Task<CommandResult> Handle(ConfirmPayment command, CancellationToken ct)
    {
        // The deal's lock orders two confirmations of one reference: the second sees the first's payment and records nothing.
        var deal = await session.LockOneAsync<Deal>(command.DealId, _ => access.RequireCentre(context.Actor, "confirm payments"),
            command.ExpectedVersion, ct);
        var listing = deal.State.Source == DealSource.Listing ? await session.LockOneAsync<Listing>(deal.State.EscrowId, ct) : null;
        var held = await lots.LockAsync(deal.State.LotIds.ToArray(), ct);

        var events = deal.State.ConfirmPayment(command.BankReference, command.Amount, context.Actor, held.States, Guid.CreateVersion7);
        if (events.Count == 0) return new CommandResult(command.DealId, deal.Version);

        var dealEvents = events.Where(e => e is IEventOf<Deal>).ToArray();
        session.Append(command.DealId, deal, dealEvents);
        session.AppendLots(held.ById, events.OfType<LotEvent>());
        if (listing is not null && events.Any(e => e is DealDelivered))
            session.Append(listing.State.Id, listing, listing.State.RecordSettlement(command.DealId, delivered: true));
        return new CommandResult(command.DealId, deal.Version + dealEvents.Length);
    }
}
