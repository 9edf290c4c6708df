using Microsoft.AspNetCore.Http.HttpResults;
using QuotaLedger.Application.Common;

namespace QuotaLedger.Api.Infrastructure;

/// <summary>A capability's endpoints; every implementation in this assembly is mapped under <c>/api/v1</c>.</summary>
public interface IEndpointGroup
{
    void Map(RouteGroupBuilder api);
}

/// <summary>A body that carries only the reason for a decision.</summary>
public sealed record ReasonBody(string? Reason = null);

public static class EndpointResults
{
    public static Created<CommandResult> Created(HttpContext http, string location, CommandResult result)
    {
        http.Response.Headers.ETag = ETag(result.Version);
        return TypedResults.Created(location, result);
    }

    public static Ok<CommandResult> Changed(HttpContext http, CommandResult result)
    {
        http.Response.Headers.ETag = ETag(result.Version);
        return TypedResults.Ok(result);
    }

    public static Ok<ResourceView<T>> View<T>(HttpContext http, ResourceView<T> view)
    {
        http.Response.Headers.ETag = ETag(view.Version);
        return TypedResults.Ok(view);
    }

    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>The version an If-Match header names, or null when there is none.</summary>
    public static long? IfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header)) return null;
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return long.TryParse(value.Trim('"'), out var version) && version > 0
            ? version
            : throw new BadHttpRequestException($"If-Match must be an ETag this API gave out, such as \"3\"; '{header}' is not.");
    }

    /// <summary>Documents the headers that every command endpoint understands.</summary>
    public static RouteHandlerBuilder Command(this RouteHandlerBuilder builder, string operationId, string summary) =>
        builder.WithName(operationId).WithSummary(summary)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static RouteHandlerBuilder Query(this RouteHandlerBuilder builder, string operationId, string summary) =>
        builder.WithName(operationId).WithSummary(summary)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
}
