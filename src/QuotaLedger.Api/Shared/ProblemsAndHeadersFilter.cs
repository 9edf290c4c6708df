using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// Documents what the endpoints' own metadata cannot: the Idempotency-Key every POST takes, If-Match on decisions, the
/// ETag of commands and versioned resources, the 401 of every operation behind authentication (and no token for the public ones), and for each problem
/// status the problem types it can carry (docs/problems.md).
/// </summary>
public sealed class ProblemsAndHeadersFilter : IOperationFilter
{
    /// <summary>What each problem status means here; the problem types of each come from <see cref="Infrastructure.ProblemTypes"/>.</summary>
    private static readonly Dictionary<string, string> Meanings = new()
    {
        ["400"] = "Refused fields or body: errors names each field by its path",
        ["401"] = "No valid bearer token",
        ["403"] = "The user's role or organisation does not reach the holder or resource",
        ["404"] = "No such resource",
        ["409"] = "The resource's state does not allow it, or concurrent commands came first or kept colliding (send the request again)",
        ["412"] = "If-Match names a version that is no longer current: reload and decide again",
        ["422"] = "A ledger rule refused the command",
        ["503"] = "The ledger database cannot be reached: retry after Retry-After seconds",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        operation.Parameters ??= [];
        operation.Responses ??= [];

        if (string.Equals(context.ApiDescription.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase))
            operation.Parameters.Add(Header(RequestContextMiddleware.IdempotencyHeader,
                $"Up to {RequestContextMiddleware.MaxIdempotencyKeyLength} printable characters of the client's choosing. The same key " +
                "and body again get the first answer and have one effect; the same key with another body is 422 idempotency-key-reused.",
                RequestContextMiddleware.MaxIdempotencyKeyLength));
        if (metadata.OfType<TakesIfMatch>().Any())
            operation.Parameters.Add(Header("If-Match",
                "The ETag of the version the decision is made on, as a GET gave it (\"0\" for a resource with no events yet); " +
                "412 precondition-failed when the resource has moved on. Without it, or with *, the decision is made on the current version."));

        if (metadata.OfType<AnswersWithETag>().Any())
            foreach (var (_, response) in operation.Responses.Where(r => r.Key.StartsWith('2')))
                ((OpenApiResponse)response).Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["ETag"] = new OpenApiHeader
                    {
                        Description = "The resource's version, to send back in If-Match.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                };

        // The public notices are read without a token: the document's bearer requirement does not apply to them.
        if (metadata.OfType<IAllowAnonymous>().Any()) operation.Security = [];

        if (metadata.OfType<IAuthorizeData>().Any())
            operation.Responses["401"] = new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
                },
            };

        foreach (var (status, response) in operation.Responses)
            if (Meanings.TryGetValue(status, out var meaning))
                ((OpenApiResponse)response).Description = $"{meaning}. ProblemDetails of type " +
                    $"{string.Join(", ", ProblemTypes.All.Where(t => t.Status.ToString() == status).Select(t => t.Uri))}.";

        var byStatus = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        operation.Responses.Clear();
        foreach (var (status, response) in byStatus) operation.Responses[status] = response;
    }

    private static OpenApiParameter Header(string name, string description, int? maxLength = null) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength },
    };
}
