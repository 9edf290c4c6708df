using System.Linq.Expressions;
using FluentValidation;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading.Buyers;

namespace QuotaLedger.Application.Shared;

/// <summary>Field rules shared by many requests, each failure naming the field and the reason.</summary>
public static class Validation
{
    public const int MaxTextLength = 500;

    public static IRuleBuilderOptions<T, string> KnownHolder<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(RegionCatalog.InnerMongolia.IsHolder)
            .WithMessage("'{PropertyValue}' is not a region, prefecture or county code of Inner Mongolia (GB/T 2260).");

    /// <summary>
    /// A holder of Inner Mongolia, or a cross-province buyer by its holder code (its id, as <c>Buyer.HolderOf</c> spells
    /// it): buyers hold the quota sold to them, outside the region's ledger (R2).
    /// </summary>
    public static IRuleBuilderOptions<T, string> KnownHolderOrBuyer<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(code => RegionCatalog.InnerMongolia.IsHolder(code) || IsBuyerHolder(code))
            .WithMessage("'{PropertyValue}' is neither a region, prefecture or county code of Inner Mongolia (GB/T 2260) nor a buyer's id.");

    private static bool IsBuyerHolder(string code) => Guid.TryParseExact(code, "D", out var id) && Buyer.HolderOf(id) == code;

    public static IRuleBuilderOptions<T, string> KnownCounty<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(RegionCatalog.InnerMongolia.IsCounty)
            .WithMessage("'{PropertyValue}' is not a county code of Inner Mongolia (GB/T 2260).");

    public static IRuleBuilderOptions<T, string?> Reason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("A reason is required: it is recorded with the events for ever (R11).")
            .MaximumLength(MaxTextLength);

    /// <summary>
    /// R1 on an amount: right measures for the kind, not over-precise, not negative, not absurdly large, each failure
    /// named by its measure (<c>amount.area</c>); and positive in at least one measure, else named by the amount itself.
    /// A null kind (a request that does not say it) checks only what holds for every kind.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, Measures> Amount<T>(this AbstractValidator<T> validator, Func<T, QuotaKind?> kind,
        Expression<Func<T, Measures>> amount) =>
        validator.RuleFor(amount).Custom((value, context) => AddAmountFailures(context, kind(context.InstanceToValidate), value));

    /// <summary>The same on an optional amount, when it is given.</summary>
    public static IRuleBuilderOptionsConditions<T, Measures?> Amount<T>(this AbstractValidator<T> validator, Func<T, QuotaKind?> kind,
        Expression<Func<T, Measures?>> amount) =>
        validator.RuleFor(amount).Custom((value, context) =>
        {
            if (value is { } given) AddAmountFailures(context, kind(context.InstanceToValidate), given);
        });

    private static void AddAmountFailures<T>(ValidationContext<T> context, QuotaKind? kind, Measures value)
    {
        var errors = Quantities.MeasureErrors(kind, value).ToArray();
        foreach (var (measure, error) in errors) context.AddFailure($"{context.PropertyPath}.{measure}", $"R1: {error}.");
        if (errors.Length == 0 && value.IsZero)
            context.AddFailure(context.PropertyPath, "The amount must be positive in at least one measure.");
    }
}
