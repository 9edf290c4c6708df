using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;
using QuotaLedger.Application.Trading;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// Logs each request with its outcome and counts each command by type and outcome (<see cref="CommandMetrics"/>), and
/// what a committed command closed or defaulted in trading (<see cref="TradingMetrics"/>). A
/// refusal is logged by its kind (the rule, or the exception's type), never by its message: messages name bank
/// references and other details that do not belong in logs.
/// </summary>
public sealed class LoggingBehaviour<TRequest, TResponse>(
    ILogger<LoggingBehaviour<TRequest, TResponse>> logger, RequestContext context, CommandMetrics metrics, TradingMetrics trading,
    LedgerSession session)
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
            if (isCommand)
            {
                metrics.Done(typeof(TRequest).Name);
                trading.Count(session.Appended);
            }
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
