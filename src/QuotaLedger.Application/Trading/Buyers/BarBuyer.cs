using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Buyers;

namespace QuotaLedger.Application.Trading.Buyers;

/// <summary>The centre bars a buyer from trading, with a reason, until a later day (exclusive) or until reinstated.</summary>
public sealed record BarBuyer(Guid BuyerId, string Reason, DateOnly? Until = null, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class BarBuyerValidator : AbstractValidator<BarBuyer>
{
    public BarBuyerValidator()
    {
        RuleFor(c => c.BuyerId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class BarBuyerHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<BarBuyer, CommandResult>
{
    public async Task<CommandResult> Handle(BarBuyer command, CancellationToken ct)
    {
        var buyer = await session.LockOneAsync<Buyer>(command.BuyerId,
            _ => access.RequireCentre(context.Actor, "bar buyers"), command.ExpectedVersion, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        session.Append(command.BuyerId, buyer, buyer.State.Bar(command.Reason, command.Until, today));
        return new CommandResult(command.BuyerId, buyer.Version + 1);
    }
}
