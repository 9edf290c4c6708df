using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Deals;

namespace QuotaLedger.Application.Trading.Deals;

/// <summary>The buyer of a deal says it paid, with the bank reference of its transfer, for the centre to match and confirm.</summary>
public sealed record SubmitPaymentReference(Guid DealId, string BankReference, decimal Amount, long? ExpectedVersion = null)
    : ICommand<CommandResult>;

public sealed class SubmitPaymentReferenceValidator : AbstractValidator<SubmitPaymentReference>
{
    public SubmitPaymentReferenceValidator()
    {
        RuleFor(c => c.DealId).NotEmpty();
        RuleFor(c => c.BankReference).BankReference();
        RuleFor(c => c.Amount).Payment();
    }
}

public sealed class SubmitPaymentReferenceHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<SubmitPaymentReference, CommandResult>
{
    public async Task<CommandResult> Handle(SubmitPaymentReference command, CancellationToken ct)
    {
        var actor = context.Actor;
        var deal = await session.LockOneAsync<Deal>(command.DealId, d =>
        {
            access.RequireSee(actor, d);
            if (actor.Role != Role.Buyer || actor.Organisation != d.Buyer)
                throw new ForbiddenException("Only the buyer of a deal submits its payment references.");
        }, command.ExpectedVersion, ct);
        session.Append(command.DealId, deal, deal.State.SubmitPaymentReference(command.BankReference, command.Amount, actor));
        return new CommandResult(command.DealId, deal.Version + 1);
    }
}

/// <summary>The fields of a payment: a bank's reference for the transfer, and yuan kept to the fen.</summary>
public static class PaymentRules
{
    public const int MaxBankReferenceLength = 100;

    public static IRuleBuilderOptions<T, string> BankReference<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(MaxBankReferenceLength);

    public static IRuleBuilderOptions<T, decimal> Payment<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.GreaterThan(0).LessThanOrEqualTo(Yuan.Max)
            .Must(Yuan.IsInFen).WithMessage($"An amount of money is kept to the fen ({Yuan.FenDecimals} decimal places); more are refused, not rounded.");
}
