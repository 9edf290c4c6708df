using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Tests.Support;

/// <summary>The words the tests are written in: Given(events).When(decision).Then(events) or ThenRefused(rule).</summary>
public static class Scenario
{
    /// <summary>A history of events, or of whatever deciders returned (tuples and lists of events).</summary>
    public static History Given(params object[] history) => new(history.SelectMany(Decided.Events));

    public static History Nothing => new([]);

    /// <summary>The history after a decision that must be accepted: builds a story one decision at a time.</summary>
    public static History And(this History given, Func<History, object> decide) => given.When(decide).Applied;

    /// <summary>For decisions that return no event (allocations): the rule that refuses them.</summary>
    public static RuleViolationException Refused(Rule rule, Action decide)
    {
        var refusal = Assert.Throws<RuleViolationException>(decide);
        Assert.Equal(rule, refusal.Rule);
        return refusal;
    }
}
