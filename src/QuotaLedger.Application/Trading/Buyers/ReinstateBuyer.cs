using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Buyers;

namespace QuotaLedger.Application.Trading.Buyers;

/// <summary>The centre lifts a buyer's suspension or bar before its end, with a reason.</summary>
public sealed record ReinstateBuyer(Guid BuyerId, string Reason, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason;

public sealed class ReinstateBuyerValidator : AbstractValidator<ReinstateBuyer>
{
    public ReinstateBuyerValidator()
    {
        RuleFor(c => c.BuyerId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class ReinstateBuyerHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<ReinstateBuyer, CommandResult>
{
    public async Task<CommandResult> Handle(ReinstateBuyer command, CancellationToken ct)
    {
        var buyer = await session.LockOneAsync<Buyer>(command.BuyerId,
            _ => access.RequireCentre(context.Actor, "reinstate buyers"), command.ExpectedVersion, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        session.Append(command.BuyerId, buyer, buyer.State.Reinstate(command.Reason, today));
        return new CommandResult(command.BuyerId, buyer.Version + 1);
    }
}
