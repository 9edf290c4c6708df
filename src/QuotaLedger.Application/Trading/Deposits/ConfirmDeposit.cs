using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Deposits;

namespace QuotaLedger.Application.Trading.Deposits;

/// <summary>The centre confirms a declared deposit arrived: the buyer may bid or order from now on.</summary>
public sealed record ConfirmDeposit(Guid DepositId, long? ExpectedVersion = null) : ICommand<CommandResult>;

public sealed class ConfirmDepositValidator : AbstractValidator<ConfirmDeposit>
{
    public ConfirmDepositValidator() => RuleFor(c => c.DepositId).NotEmpty();
}

public sealed class ConfirmDepositHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<ConfirmDeposit, CommandResult>
{
    public async Task<CommandResult> Handle(ConfirmDeposit command, CancellationToken ct)
    {
        var deposit = await session.LockOneAsync<Deposit>(command.DepositId, _ => access.RequireCentre(context.Actor, "confirm a deposit"),
            command.ExpectedVersion, ct);
        session.Append(command.DepositId, deposit, deposit.State.ConfirmReceived(context.Actor));
        return new CommandResult(command.DepositId, deposit.Version + 1);
    }
}
