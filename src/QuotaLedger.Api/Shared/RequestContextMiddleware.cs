using Microsoft.AspNetCore.Http.Metadata;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Api.Shared;

/// <summary>Fills the request's <see cref="RequestContext"/>: the actor from the token, the correlation id, the Idempotency-Key.</summary>
public sealed class RequestContextMiddleware(RequestDelegate next)
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;

    public async Task InvokeAsync(HttpContext http, RequestContext context, RegionCatalog regions, ILogger<RequestContextMiddleware> logger)
    {
        context.CorrelationId = Guid.TryParse(http.Request.Headers[CorrelationHeader], out var correlation)
            ? correlation
            : Guid.CreateVersion7();
        http.Response.Headers[CorrelationHeader] = context.CorrelationId.ToString();
        using var scope = context.BeginLogScope(logger);

        if (http.User.Identity?.IsAuthenticated == true)
        {
            context.Actor = Auth.ActorOf(http.User, regions)
                            ?? throw new ForbiddenException(
                                "The token does not name a known role (centre, prefecture, county, buyer) with an organisation of that role.");
        }

        // Kept so that a body refused for missing members can be read again to name them all (MissingMembers).
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not null) http.Request.EnableBuffering();

        if (HttpMethods.IsPost(http.Request.Method) && http.Request.Headers[IdempotencyHeader].ToString() is { Length: > 0 } key)
        {
            if (key.Length > MaxIdempotencyKeyLength || key.Any(char.IsControl))
                throw new BadHttpRequestException($"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable characters.");
            context.IdempotencyKey = key;
        }
        await next(http);
    }
}
