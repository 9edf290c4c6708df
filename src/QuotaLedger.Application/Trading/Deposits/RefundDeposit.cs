using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.Deposits;

/// <summary>
/// The centre refunds what it holds of a deposit, with the bank reference of the refund, once the listing no longer
/// needs it: the buyer did not win, the listing ended without a deal, or the deposit exceeded the winner's price.
/// </summary>
public sealed record RefundDeposit(Guid DepositId, string BankReference, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class RefundDepositValidator : AbstractValidator<RefundDeposit>
{
    public RefundDepositValidator()
    {
        RuleFor(c => c.DepositId).NotEmpty();
        RuleFor(c => c.BankReference).NotEmpty().MaximumLength(DeclareDepositValidator.MaxBankReferenceLength);
    }
}

public sealed class RefundDepositHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<RefundDeposit, CommandResult>
{
    public async Task<CommandResult> Handle(RefundDeposit command, CancellationToken ct)
    {
        access.RequireCentre(context.Actor, "refund a deposit");
        // The listing is locked before the deposit, as every trading command takes them, so that two never deadlock.
        var unlocked = (await AggregateDocuments.LoadManyAsync<Deposit>(session.Events.Documents, [command.DepositId], ct))
                       .GetValueOrDefault(command.DepositId) ?? throw new NotFoundException(LedgerSession.Describe<Deposit>(), command.DepositId);
        var listing = await session.LockOneAsync<Listing>(unlocked.State.ListingId, ct);
        var deposit = await session.LockOneAsync<Deposit>(command.DepositId, _ => { }, command.ExpectedVersion, ct);

        session.Append(command.DepositId, deposit, deposit.State.Refund(listing.State, command.BankReference, context.Actor));
        return new CommandResult(command.DepositId, deposit.Version + 1);
    }
}
