using FluentValidation;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.PlanTargets;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.PlanTargets;

/// <summary>What adding and amending a target both name: the target (kind, prefecture, period), its amount in mu, from when, why.</summary>
public interface IPlanTargetChange : IHasReason
{
    QuotaKind Kind { get; }
    string Prefecture { get; }
    string Period { get; }
    string Unit { get; }
    decimal Amount { get; }
    DateOnly EffectiveFrom { get; }
}

/// <summary>The field rules of a target change, each failure naming its field; the day and the target's existence are the decider's.</summary>
public abstract class PlanTargetChangeValidator<T> : AbstractValidator<T> where T : IPlanTargetChange
{
    protected PlanTargetChangeValidator(bool amountMayBeZero)
    {
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.Prefecture).Prefecture();
        RuleFor(c => c.Period).PlanPeriod();
        RuleFor(c => c.Unit).Equal(PlanTarget.Unit)
            .WithMessage($"Plan targets are areas in {PlanTarget.Unit} (P-2022 annexes 2 and 3).");
        RuleFor(c => c.Amount)
            .Must(a => (amountMayBeZero ? a >= 0 : a > 0) && a <= Measures.MaxArea)
            .WithMessage(amountMayBeZero
                ? "A target is at least 0 mu (0 withdraws it)."
                : "A target is more than 0 mu.")
            .Must(a => Quantities.HasAtMostDecimals(a, Measures.AreaDecimals))
            .WithMessage($"R1: areas are kept to {Measures.AreaDecimals} decimal places of a mu and are not rounded.");
        RuleFor(c => c.Reason).Reason();
    }
}

public static class PlanTargetRules
{
    public static IRuleBuilderOptions<T, string> Prefecture<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(code => RegionCatalog.InnerMongolia.Find(code) is { Level: RegionLevel.Prefecture })
            .WithMessage("'{PropertyValue}' is not a prefecture code of Inner Mongolia (GB/T 2260).");

    public static IRuleBuilderOptions<T, string> PlanPeriod<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(p => Domain.Oversight.PlanTargets.PlanPeriod.TryParse(p, out _))
            .WithMessage($"'{{PropertyValue}}' is not {Domain.Oversight.PlanTargets.PlanPeriod.FormDescription}.");
}
