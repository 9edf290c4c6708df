using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain;
using QuotaLedger.EventStore;

namespace QuotaLedger.Api.Infrastructure;

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
            RuleViolationException r => Problem(r.Rule == Rule.InvalidState ? 409 : 422, Kebab(r.Rule.ToString()), RuleTitle(r.Rule), r.Message),
            NotFoundException n => Problem(404, "not-found", "Not found", n.Message),
            ForbiddenException f => Problem(403, "forbidden", "Outside the user's scope", f.Message),
            PreconditionFailedException p => Problem(412, "precondition-failed", "The resource has changed", p.Message),
            ConcurrencyException c => Problem(409, "concurrency-conflict", "Another change came first",
                $"{c.Message} Reload and try again."),
            TransactionConflictException t => Problem(409, "transaction-conflict", "Concurrent commands kept colliding",
                $"{t.Message} Retry: send the same request again, with the same Idempotency-Key."),
            IdempotencyKeyReusedException i => Problem(422, "idempotency-key-reused", "Idempotency-Key reused", i.Message),
            StoreUnavailableException => Problem(503, "store-unavailable", "The ledger database is unavailable",
                "Nothing was written. Retry later."),
            // Queries reach the database outside the command pipeline: an unreachable database is a 503 there too.
            _ when StoreErrors.IsUnavailable(exception) => Problem(503, "store-unavailable", "The ledger database is unavailable",
                "Nothing was read or written. Retry later."),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
            problem = Problem(500, "internal", "Internal error", "The request failed; nothing was written.");
        }
        if (problem.Status == 503) http.Response.Headers.RetryAfter = "5";
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Problem(int status, string code, string title, string detail) =>
        new() { Status = status, Type = TypePrefix + code, Title = title, Detail = detail };

    /// <summary>
    /// A body over <see cref="MaxRequestBodyBytes"/>: Kestrel refuses it as it is read, which reaches us as an exception
    /// or, where the body binder catches it, as a bare 413 for the status code pages; both answer this.
    /// </summary>
    private static ProblemDetails RequestTooLarge() => Problem(413, "request-too-large", "The request body is too large",
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
        Status = 400, Type = TypePrefix + "validation", Title = "The request has invalid fields",
        Detail = "See errors: each field with the reasons it was refused. Nothing was written.",
    };

    private static ValidationProblemDetails MalformedBody(IDictionary<string, string[]> errors, string detail) => new(errors)
    {
        Status = 400, Type = TypePrefix + "malformed-request", Title = "The request body could not be read", Detail = detail,
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
        (problem.Type, problem.Detail) = problem.Status switch
        {
            401 => (TypePrefix + "unauthorized", "Send a bearer token of the ledger's issuer: Authorization: Bearer <token>."),
            404 => (TypePrefix + "not-found", "No operation has this path; see the OpenAPI document at /swagger/v1/swagger.json."),
            405 => (TypePrefix + "method-not-allowed", "The path does not take this method; see the OpenAPI document at /swagger/v1/swagger.json."),
            415 => (TypePrefix + "unsupported-media-type", "Send the body as application/json."),
            _ => (problem.Type, problem.Detail),
        };
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
        if (reader is null) return Problem(b.StatusCode, "bad-request", "The request could not be read", b.Message);

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

    private static string Kebab(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);

    private static string RuleTitle(Rule rule) => rule switch
    {
        Rule.InvalidAmount => "R1: the amount does not fit its kind",
        Rule.LandSourceRefused => "R3: land source refused",
        Rule.AcceptanceRequired => "R4: acceptance incomplete",
        Rule.VerifiedExceedsPlanned => "R4: verified measures exceed the plan",
        Rule.StorageSuspended => "R5: storage applications suspended",
        Rule.InsufficientQuota => "Not enough available quota",
        Rule.InvalidState => "Not possible in the resource's current state",
        Rule.FourEyesRequired => "A second centre user must approve",
        Rule.ConsumptionNotCovered => "R7: the occupied land is not covered",
        Rule.InvalidHolder => "R2: not a valid holder",
        Rule.KindMismatch => "The quota is of another kind or holder",
        Rule.RetroactivePolicy => "A policy may not apply from a past day",
        _ => rule.ToString(),
    };
}
