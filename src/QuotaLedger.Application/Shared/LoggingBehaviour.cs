using System.Diagnostics;
using System.Diagnostics.Metrics;
using MediatR;
using Microsoft.Extensions.Logging;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// Logs each request with its outcome and counts each command by type and outcome (<see cref="CommandMetrics"/>). A
/// refusal is logged by its kind (the rule, or the exception's type), never by its message: messages name bank
/// references and other details that do not belong in logs.
/// </summary>
public sealed class LoggingBehaviour<TRequest, TResponse>(
    ILogger<LoggingBehaviour<TRequest, TResponse>> logger, RequestContext context, CommandMetrics metrics)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken ct, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        var isCommand = request is ICommand<TResponse>;
        try
        {
            var response = await next();
            logger.LogInformation("{Request} by {Actor} done in {Elapsed} ms", typeof(TRequest).Name,
                context.UserForLog, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (isCommand) metrics.Done(typeof(TRequest).Name);
            return response;
        }
        catch (Exception e)
        {
            var refusal = e is RuleViolationException r ? r.Rule.ToString() : e.GetType().Name;
            logger.LogInformation("{Request} by {Actor} refused after {Elapsed} ms: {Refusal}", typeof(TRequest).Name,
                context.UserForLog, Stopwatch.GetElapsedTime(started).TotalMilliseconds, refusal);
            if (isCommand) metrics.Refused(typeof(TRequest).Name, e);
            throw;
        }
    }
}

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
