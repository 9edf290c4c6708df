using Microsoft.AspNetCore.Http.HttpResults;
using QuotaLedger.Application.Shared;

namespace QuotaLedger.Api.Shared;

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

    /// <summary>
    /// The version an If-Match header names, or null when there is none or it is <c>*</c> (RFC 9110: any current
    /// version; a decision on a resource that does not exist is a 404 anyway); 0 is a resource with no events yet.
    /// </summary>
    public static long? IfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header) || header.Trim() == "*") return null;
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return long.TryParse(value.Trim('"'), out var version) && version >= 0
            ? version
            : throw new BadHttpRequestException($"If-Match must be an ETag this API gave out, such as \"3\"; '{header}' is not.");
    }

    /// <summary>A command: it answers with the version of the resource it created or changed as the ETag.</summary>
    public static RouteHandlerBuilder Command(this RouteHandlerBuilder builder, string operationId, string summary) =>
        builder.WithName(operationId).WithSummary(summary)
            .WithMetadata(AnswersWithETag.Instance)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>A command that decides on an existing versioned resource: it honours If-Match (412 when stale).</summary>
    public static RouteHandlerBuilder Decision(this RouteHandlerBuilder builder, string operationId, string summary) =>
        builder.Command(operationId, summary)
            .WithMetadata(TakesIfMatch.Instance)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static RouteHandlerBuilder Query(this RouteHandlerBuilder builder, string operationId, string summary) =>
        builder.WithName(operationId).WithSummary(summary)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>A query for one versioned resource: its version comes as the ETag to send back in If-Match.</summary>
    public static RouteHandlerBuilder VersionedQuery(this RouteHandlerBuilder builder, string operationId, string summary) =>
        builder.Query(operationId, summary).WithMetadata(AnswersWithETag.Instance);
}
