using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace QuotaLedger.Application.Shared;

public sealed class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger, RequestContext context)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken ct, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            logger.LogInformation("{Request} by {Actor} ({Correlation}) done in {Elapsed} ms", typeof(TRequest).Name,
                context.UserForLog, context.CorrelationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception e)
        {
            logger.LogInformation("{Request} ({Correlation}) refused after {Elapsed} ms: {Error}", typeof(TRequest).Name,
                context.CorrelationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.Message);
            throw;
        }
    }
}
