using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Parameters;

namespace QuotaLedger.Application.Trading.Parameters;

/// <summary>
/// The centre sets the floor prices and the default terms of trading (R9) from a day on, today or later: they replace
/// the set in force from that day, and listings, bids and agreements of that day and after are held to them.
/// </summary>
public sealed record SetTradingParameters(
    IReadOnlyList<FloorPrice> FloorPrices,
    TradingTerms Terms,
    DateOnly EffectiveFrom,
    string Reason,
    long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason;

public sealed class SetTradingParametersValidator : AbstractValidator<SetTradingParameters>
{
    public const int PercentDecimals = 2;

    public SetTradingParametersValidator()
    {
        RuleFor(c => c.FloorPrices).NotNull();
        RuleForEach(c => c.FloorPrices).NotNull().ChildRules(floor =>
        {
            floor.RuleFor(f => f.Kind).IsInEnum();
            floor.RuleFor(f => f.Measure).IsInEnum();
            floor.RuleFor(f => f.UnitPrice).InclusiveBetween(0, Yuan.Max)
                .Must(Yuan.IsInFen).WithMessage($"A floor price is yuan kept to the fen ({Yuan.FenDecimals} decimal places), 0 to {Yuan.Max}.");
        });
        RuleFor(c => c.Terms).NotNull().ChildRules(terms =>
        {
            terms.RuleFor(t => t.DepositPercent).Percent();
            terms.RuleFor(t => t.IncrementPercent).Percent();
            terms.RuleFor(t => t.CapPercent).Percent();
            terms.RuleFor(t => t.NoticeDays).InclusiveBetween(0, TradingTerms.MaxDays);
            terms.RuleFor(t => t.PublicityDays).InclusiveBetween(0, TradingTerms.MaxDays);
            terms.RuleFor(t => t.PaymentDays).InclusiveBetween(1, TradingTerms.MaxDays)
                .WithMessage($"A winner has 1 to {TradingTerms.MaxDays} days to pay.");
            terms.RuleFor(t => t.ExtensionMinutes).InclusiveBetween(0, TradingTerms.MaxExtensionMinutes);
            terms.RuleFor(t => t.DefaultBarDays).InclusiveBetween(0, TradingTerms.MaxDays);
        });
        RuleFor(c => c.Reason).Reason();
    }
}

internal static class TradingTermRules
{
    public static IRuleBuilderOptions<T, decimal> Percent<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.InclusiveBetween(0, TradingTerms.MaxPercent)
            .Must(p => Quantities.HasAtMostDecimals(p, SetTradingParametersValidator.PercentDecimals))
            .WithMessage($"A percentage of the start price is 0 to {TradingTerms.MaxPercent}, kept to "
                         + $"{SetTradingParametersValidator.PercentDecimals} decimal places; more are refused, not rounded.");
}

public sealed class SetTradingParametersHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<SetTradingParameters, CommandResult>
{
    public async Task<CommandResult> Handle(SetTradingParameters command, CancellationToken ct)
    {
        var id = TradingParameters.StreamId;
        var current = await session.LockOptionalAsync<TradingParameters>(id,
            _ => access.RequireCentre(context.Actor, "set the trading parameters"), command.ExpectedVersion, ct);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var set = TradingParameters.Set(command.FloorPrices, command.Terms, command.EffectiveFrom, today, command.Reason);
        return session.StartOrAppend(id, current, set);
    }
}
