using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;

namespace QuotaLedger.Application.Shared.Policy;

/// <summary>
/// The centre adds a policy regime, in force from its effective date (today or later) until the next one: the
/// abandonment share at which R5 freezes, the share of suspect projects the annual check samples on site, the monthly
/// patrol's deadlines and the rules of consumption (R7). Decisions from that day on are taken under it and record its id.
/// </summary>
public sealed record SetPolicyParameters(
    string Id,
    DateOnly EffectiveFrom,
    string Source,
    decimal AbandonmentFreezePercent,
    decimal FieldSamplePercent,
    int PatrolForwardDays,
    int PatrolReportDays,
    ConsumptionRules Consumption,
    string Reason,
    long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason
{
    public PolicyParameterSet ToParameters() => new(Id, EffectiveFrom, Source, AbandonmentFreezePercent, FieldSamplePercent,
        PatrolForwardDays, PatrolReportDays, Consumption);
}

public sealed class SetPolicyParametersValidator : AbstractValidator<SetPolicyParameters>
{
    public const int PercentDecimals = 2;

    public SetPolicyParametersValidator()
    {
        RuleFor(c => c.Id).NotEmpty().MaximumLength(PolicyParameterSet.MaxIdLength)
            .Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
            .WithMessage("A regime's id is letters, digits, '.', '_' and '-', starting with a letter or digit (NR-2025): decisions cite it.");
        RuleFor(c => c.Source).NotEmpty().WithMessage("Name the document the regime comes from (自然资发〔2024〕204号).")
            .MaximumLength(Validation.MaxTextLength);
        RuleFor(c => c.AbandonmentFreezePercent).PolicyPercent();
        RuleFor(c => c.FieldSamplePercent).PolicyPercent();
        RuleFor(c => c.PatrolForwardDays).InclusiveBetween(1, PolicyParameterSet.MaxDays);
        RuleFor(c => c.PatrolReportDays).InclusiveBetween(1, PolicyParameterSet.MaxDays);
        RuleFor(c => c.Consumption).NotNull().ChildRules(rules =>
        {
            rules.RuleFor(r => r).Must(r => r.CoverArea || r.CoverGrainCapacity || r.CoverPaddyArea).OverridePropertyName("coverArea")
                .WithMessage("R7: consumption covers at least one measure of the occupied land (占一补一 at least).");
            rules.RuleFor(r => r.ExemptTypes).NotNull();
            rules.RuleForEach(r => r.ExemptTypes).IsInEnum()
                .NotEqual(OccupationType.NonFarmConstruction).WithMessage("Construction is never exempt: it holds quota first (R7, 先补后占).");
            rules.RuleFor(r => r.ExemptTypes).Must(types => types.Distinct().Count() == types.Count).When(r => r.ExemptTypes is not null)
                .WithMessage("Each exempt type may be named only once.");
        });
        RuleFor(c => c.Reason).Reason();
    }
}

internal static class PolicyParameterRules
{
    public static IRuleBuilderOptions<T, decimal> PolicyPercent<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.GreaterThan(0).LessThanOrEqualTo(100)
            .Must(p => Quantities.HasAtMostDecimals(p, SetPolicyParametersValidator.PercentDecimals))
            .WithMessage($"A share is a percentage above 0 and at most 100, kept to {SetPolicyParametersValidator.PercentDecimals} "
                         + "decimal places; more are refused, not rounded.");
}

public sealed class SetPolicyParametersHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<SetPolicyParameters, CommandResult>
{
    public async Task<CommandResult> Handle(SetPolicyParameters command, CancellationToken ct)
    {
        var id = PolicyParameters.StreamId;
        var current = await session.LockOptionalAsync<PolicyParameters>(id,
            _ => access.RequireCentre(context.Actor, "set the policy parameters"), command.ExpectedVersion, ct);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var set = (current?.State ?? PolicyParameters.BuiltIn).Set(command.ToParameters(), today, command.Reason);
        return session.StartOrAppend(id, current, set);
    }
}
