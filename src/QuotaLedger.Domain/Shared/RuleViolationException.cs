namespace QuotaLedger.Domain.Shared;

/// <summary>A command refused by a business rule: nothing was written.</summary>
public sealed class RuleViolationException(Rule rule, string message) : Exception(message)
{
    public Rule Rule { get; } = rule;
}
