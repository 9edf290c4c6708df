using Microsoft.Extensions.Logging;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Shared;

/// <summary>Who sends the current request and under which correlation id; filled in by the API for each request.</summary>
public sealed class RequestContext
{
    private Actor? actor;

    public Actor Actor
    {
        get => actor ?? throw new ForbiddenException("The request is not authenticated.");
        set => actor = value;
    }

    /// <summary>Who made the request, for logs: the public notices are read without a token.</summary>
    public string UserForLog => actor?.UserId ?? "(no token)";

    public Guid CorrelationId { get; set; } = Guid.CreateVersion7();

    /// <summary>Puts the correlation id on every line logged until the scope ends (the JSON console's <c>Scopes</c>).</summary>
    public IDisposable? BeginLogScope(ILogger logger) =>
        logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = CorrelationId });

    /// <summary>The client's Idempotency-Key, if it sent one.</summary>
    public string? IdempotencyKey { get; set; }
}
