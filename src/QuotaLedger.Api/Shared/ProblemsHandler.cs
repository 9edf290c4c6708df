using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Store;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// Every error as ProblemDetails with a stable <c>type</c>: field errors as one ValidationProblemDetails (400), business
/// rules as 409/422 naming the rule, scope as 403, concurrency as 409/412, an unreachable database as 503.
/// </summary>
public sealed class ProblemsHandler(IProblemDetailsService problems, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<ProblemsHandler> logger)
    : IExceptionHandler
{
    public const string TypePrefix = "urn:quotaledger:problem:";

    /// <summary>The largest request body Kestrel reads; a larger one is answered 413 request-too-large.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            ValidationException v => Validation(v),
            BadHttpRequestException b => await BadRequestAsync(http, b),
            RuleViolationException r => Problem(ProblemTypes.Of(r.Rule), r.Message),
            NotFoundException n => Problem(ProblemTypes.NotFound, n.Message),
            ForbiddenException f => Problem(ProblemTypes.Forbidden, f.Message),
            PreconditionFailedException p => Problem(ProblemTypes.PreconditionFailed, p.Message),
            ConcurrencyException c => Problem(ProblemTypes.ConcurrencyConflict, $"{c.Message} Reload and try again."),
            TransactionConflictException t => Problem(ProblemTypes.TransactionConflict,
                $"{t.Message} Retry: send the same request again, with the same Idempotency-Key."),
            IdempotencyKeyReusedException i => Problem(ProblemTypes.IdempotencyKeyReused, i.Message),
            StoreUnavailableException => Problem(ProblemTypes.StoreUnavailable, "Nothing was written. Retry later."),
            // Queries reach the database outside the command pipeline: an unreachable database is a 503 there too.
            _ when StoreErrors.IsUnavailable(exception) => Problem(ProblemTypes.StoreUnavailable, "Nothing was read or written. Retry later."),
            _ => null,
        };
        if (problem is null)
        {
            // Outside the request's logging scope (the exception has left it): the correlation id is named here.
            logger.LogError(exception, "Unhandled error on {Path} ({CorrelationId})", http.Request.Path,
                http.RequestServices.GetRequiredService<RequestContext>().CorrelationId);
            problem = Problem(ProblemTypes.Internal, "The request failed; nothing was written.");
        }
        if (problem.Status == 503) http.Response.Headers.RetryAfter = "5";
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Problem(ProblemType type, string detail) =>
        new() { Status = type.Status, Type = type.Uri, Title = type.Title, Detail = detail };

    /// <summary>
    /// A body over <see cref="MaxRequestBodyBytes"/>: Kestrel refuses it as it is read, which reaches us as an exception
    /// or, where the body binder catches it, as a bare 413 for the status code pages; both answer this.
    /// </summary>
    private static ProblemDetails RequestTooLarge() => Problem(ProblemTypes.RequestTooLarge,
        $"Request bodies are limited to {MaxRequestBodyBytes / 1024} KiB. Nothing was written.");

    private static ValidationProblemDetails Validation(ValidationException v)
    {
        var errors = v.Errors
            .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName.Split('.')[0]) + Rest(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return InvalidFields(errors);
    }

    private static ValidationProblemDetails InvalidFields(IDictionary<string, string[]> errors) => new(errors)
    {
        Status = ProblemTypes.Validation.Status, Type = ProblemTypes.Validation.Uri, Title = ProblemTypes.Validation.Title,
        Detail = "See errors: each field with the reasons it was refused. Nothing was written.",
    };

    private static ValidationProblemDetails MalformedBody(IDictionary<string, string[]> errors, string detail) => new(errors)
    {
        Status = ProblemTypes.MalformedRequest.Status, Type = ProblemTypes.MalformedRequest.Uri, Title = ProblemTypes.MalformedRequest.Title,
        Detail = detail,
    };

    private static string Rest(string path)
    {
        var dot = path.IndexOf('.');
        return dot < 0 ? "" : "." + string.Join('.', path[(dot + 1)..].Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
    }

    /// <summary>
    /// Problems the framework writes itself (no token, no such path or method, a body that is not JSON) get a type of
    /// ours too, so that every error names its problem the same way.
    /// </summary>
    public static void TypeFrameworkProblem(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith(TypePrefix, StringComparison.Ordinal) == true) return;
        if (problem.Status == StatusCodes.Status413PayloadTooLarge)
        {
            var tooLarge = RequestTooLarge();
            (problem.Type, problem.Title, problem.Detail) = (tooLarge.Type, tooLarge.Title, tooLarge.Detail);
            return;
        }
        var (type, detail) = problem.Status switch
        {
            401 => (ProblemTypes.Unauthorized, "Send a bearer token of the ledger's issuer: Authorization: Bearer <token>."),
            404 => (ProblemTypes.NotFound, "No operation has this path; see the OpenAPI document at /swagger/v1/swagger.json."),
            405 => (ProblemTypes.MethodNotAllowed, "The path does not take this method; see the OpenAPI document at /swagger/v1/swagger.json."),
            415 => (ProblemTypes.UnsupportedMediaType, "Send the body as application/json."),
            _ => ((ProblemType?)null, problem.Detail),
        };
        if (type is not null) (problem.Type, problem.Title, problem.Detail) = (type.Uri, type.Title, detail);
    }

    /// <summary>
    /// A body the reader refused: malformed JSON, wrong types, enum values or members it does not know, members missing,
    /// each named by its path; a number or text of the right type that the ledger refuses is a validation problem.
    /// </summary>
    private async Task<ProblemDetails> BadRequestAsync(HttpContext http, BadHttpRequestException b)
    {
        var reader = b.InnerException as JsonException ?? b.InnerException?.InnerException as JsonException;
        if (b.StatusCode == StatusCodes.Status413PayloadTooLarge) return RequestTooLarge();
        if (reader is null && HttpMethods.IsPost(http.Request.Method) && HasNoBody(http.Request))
            return MalformedBody(new Dictionary<string, string[]> { ["body"] = ["This operation takes a JSON body; its schema is in /swagger/v1/swagger.json."] },
                "The body is empty. Nothing was written.");
        if (reader is null) return Problem(ProblemTypes.BadRequest with { Status = b.StatusCode }, b.Message);

        var field = reader.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "";
        var missing = await MissingMembers.FindAsync(http, json.Value.SerializerOptions);
        var errors = missing.ToDictionary(m => m, m => new[] { $"'{m}' is required." });
        // The reader stops at the first object that lacks members and names them only in its message: that error is the
        // list above. Any other error of the reader stands beside it.
        if (!missing.Any(m => MissingMembers.ObjectOf(m) == field))
            errors.TryAdd(field.Length > 0 ? field : "body", [ReadableJsonError(reader, field)]);
        return reader is ValueRefusedException && missing.Count == 0
            ? InvalidFields(errors)
            : MalformedBody(errors, "The body is not JSON of the expected shape. Nothing was written.");
    }

    private static bool HasNoBody(HttpRequest request) =>
        request.ContentLength == 0 || (request.ContentLength is null && string.IsNullOrEmpty(request.Headers.TransferEncoding));

    /// <summary>The reader's own words where they are meant for people, else what is wrong with the field.</summary>
    private static string ReadableJsonError(JsonException json, string field)
    {
        var name = field.Length > 0 ? field : "body";
        if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            return $"'{name}' is not of the type the OpenAPI schema gives it.";
        // The reader's words for a null where the contract has no null name our C# types, which are not the API's.
        if (json.Message.Contains("doesn't allow null values", StringComparison.Ordinal)
            || json.Message.Contains("doesn't allow setting null values", StringComparison.Ordinal))
            return $"'{name}' is required and may not be null.";
        return json.Message.Split(" Path:")[0].Split(" LineNumber:")[0].Trim();
    }


}
