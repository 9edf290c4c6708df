using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Buyers;
using QuotaLedger.Application.Trading.Listings;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Deposits;

/// <summary>
/// A buyer declares it paid a listing's deposit, with the bank reference of its transfer, for the centre to confirm;
/// If-Match names the listing's version.
/// </summary>
public sealed record DeclareDeposit(Guid ListingId, string BankReference, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class DeclareDepositValidator : AbstractValidator<DeclareDeposit>
{
    public const int MaxBankReferenceLength = 100;

    public DeclareDepositValidator()
    {
        RuleFor(c => c.ListingId).NotEmpty();
        RuleFor(c => c.BankReference).NotEmpty().MaximumLength(MaxBankReferenceLength);
    }
}

public sealed class DeclareDepositHandler(LedgerSession session, RequestContext context, TimeProvider clock)
    : IRequestHandler<DeclareDeposit, CommandResult>
{
    public async Task<CommandResult> Handle(DeclareDeposit command, CancellationToken ct)
    {
        var buyerId = BuyerActors.IdOf(context.Actor);
        var listing = await session.LockOneAsync<Listing>(command.ListingId, _ => { }, command.ExpectedVersion, ct);
        var buyer = await session.Events.Documents.RequireBuyerAsync(context.Actor, ct);
        var id = Deposit.IdFor(command.ListingId, buyerId);
        if ((await session.LockAsync<Deposit>([id], ct)).ContainsKey(id))
            throw new RuleViolationException(Rule.InvalidState, $"The deposit for listing {listing.State.Number} is already declared ({id}).");

        session.Start<Deposit>(id, Deposit.Declare(listing.State, buyer, command.BankReference, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        return new CommandResult(id, 1);
    }
}
