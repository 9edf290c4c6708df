using FluentValidation;
using QuotaLedger.Domain;

namespace QuotaLedger.Application.Common;

/// <summary>Field rules shared by many requests, each failure naming the field and the reason.</summary>
public static class Validation
{
    public const int MaxTextLength = 500;

    public static IRuleBuilderOptions<T, string> KnownHolder<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(RegionCatalog.InnerMongolia.IsHolder)
            .WithMessage("'{PropertyValue}' is not a region, prefecture or county code of Inner Mongolia (GB/T 2260).");

    public static IRuleBuilderOptions<T, string> KnownCounty<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(RegionCatalog.InnerMongolia.IsCounty)
            .WithMessage("'{PropertyValue}' is not a county code of Inner Mongolia (GB/T 2260).");

    public static IRuleBuilderOptions<T, string?> Reason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("A reason is required: it is recorded with the events for ever (R11).")
            .MaximumLength(MaxTextLength);

    /// <summary>R1 on an amount: right measures for the kind, not over-precise, not negative, not absurdly large.</summary>
    public static void Amount<T>(this AbstractValidator<T> validator, Func<T, QuotaKind> kind, System.Linq.Expressions.Expression<Func<T, Measures>> amount,
        bool mustBePositive = true)
    {
        validator.RuleFor(amount).Custom((value, context) =>
        {
            var request = context.InstanceToValidate;
            if (Quantities.ShapeError(kind(request), value) is { } error) context.AddFailure(context.PropertyPath, $"R1: {error}.");
            else if (mustBePositive && value.IsZero) context.AddFailure(context.PropertyPath, "The amount must be positive in at least one measure.");
        });
    }
}
