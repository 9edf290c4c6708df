using System.Diagnostics.Metrics;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// The ledger's command metrics (meter <see cref="CommandGroups.MeterName"/>): <c>quotaledger.commands</c>, each command
/// by its type and outcome (<c>done</c>; <c>refused</c>: the ledger said no, by a rule, a field, the user's scope or a
/// stale version; <c>failed</c>: conflicts that outlasted the retries, an unreachable database, an error), and
/// <c>quotaledger.refusals</c>, the rule refusals by rule.
/// </summary>
public sealed class CommandMetrics
{
    private readonly Counter<long> commands;
    private readonly Counter<long> refusals;

    public CommandMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(CommandGroups.MeterName);
        commands = meter.CreateCounter<long>("quotaledger.commands", unit: "{command}", description: "Commands answered, by type and outcome.");
        refusals = meter.CreateCounter<long>("quotaledger.refusals", unit: "{command}", description: "Commands refused by a business rule, by rule.");
    }

    public void Done(string command) =>
        commands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", "done"));

    public void Refused(string command, Exception e)
    {
        var refused = e is RuleViolationException or FluentValidation.ValidationException or NotFoundException or ForbiddenException
            or PreconditionFailedException or ConcurrencyException or IdempotencyKeyReusedException;
        commands.Add(1, new KeyValuePair<string, object?>("command", command),
            new KeyValuePair<string, object?>("outcome", refused ? "refused" : "failed"));
        if (e is RuleViolationException r) refusals.Add(1, new KeyValuePair<string, object?>("rule", r.Rule.ToString()));
    }
}
