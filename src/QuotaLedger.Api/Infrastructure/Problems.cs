using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain;
using QuotaLedger.EventStore;

namespace QuotaLedger.Api.Infrastructure;

/// <summary>
/// Every error as ProblemDetails with a stable <c>type</c>: field errors as one ValidationProblemDetails (400), business
/// rules as 409/422 naming the rule, scope as 403, concurrency as 409/412, an unreachable database as 503.
/// </summary>
public sealed class ProblemsHandler(IProblemDetailsService problems, ILogger<ProblemsHandler> logger) : IExceptionHandler
{
    public const string TypePrefix = "urn:quotaledger:problem:";

    /// <summary>The largest request body Kestrel reads; a larger one is answered 413 request-too-large.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            ValidationException v => Validation(v),
            BadHttpRequestException b => BadRequest(b),
            RuleViolationException r => Problem(r.Rule == Rule.InvalidState ? 409 : 422, Kebab(r.Rule.ToString()), RuleTitle(r.Rule), r.Message),
            NotFoundException n => Problem(404, "not-found", "Not found", n.Message),
            ForbiddenException f => Problem(403, "forbidden", "Outside the user's scope", f.Message),
            PreconditionFailedException p => Problem(412, "precondition-failed", "The resource has changed", p.Message),
            ConcurrencyException c => Problem(409, "concurrency-conflict", "Another change came first",
                $"{c.Message} Reload and try again."),
            IdempotencyKeyReusedException i => Problem(422, "idempotency-key-reused", "Idempotency-Key reused", i.Message),
            StoreUnavailableException => Problem(503, "store-unavailable", "The ledger database is unavailable",
                "Nothing was written. Retry later."),
            // Queries reach the database outside the command pipeline: an unreachable database is a 503 there too.
            _ when PostgresEventStore.IsUnavailable(exception) => Problem(503, "store-unavailable", "The ledger database is unavailable",
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

    private static ValidationProblemDetails Validation(ValidationException v)
    {
        var errors = v.Errors
            .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName.Split('.')[0]) + Rest(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return new ValidationProblemDetails(errors)
        {
            Status = 400, Type = TypePrefix + "validation", Title = "The request has invalid fields",
            Detail = "See errors: each field with the reasons it was refused. Nothing was written.",
        };
    }

    private static string Rest(string path)
    {
        var dot = path.IndexOf('.');
        return dot < 0 ? "" : "." + string.Join('.', path[(dot + 1)..].Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
    }

    /// <summary>Malformed JSON, wrong types, unknown enum values or members: the reader's message names the field.</summary>
    private static ProblemDetails BadRequest(BadHttpRequestException b)
    {
        var json = b.InnerException as JsonException ?? b.InnerException?.InnerException as JsonException;
        if (b.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return Problem(413, "request-too-large", "The request body is too large",
                $"Request bodies are limited to {MaxRequestBodyBytes / 1024} KiB. Nothing was written.");
        if (json is null) return Problem(b.StatusCode, "bad-request", "The request could not be read", b.Message);
        var field = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [ReadableJsonError(json, field)] })
        {
            Status = 400, Type = TypePrefix + "malformed-request", Title = "The request body could not be read",
            Detail = "The body is not JSON of the expected shape. Nothing was written.",
        };
    }

    /// <summary>The reader's own words where they are meant for people, else what is wrong with the field.</summary>
    private static string ReadableJsonError(JsonException json, string field) =>
        json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? $"'{field}' is missing, of the wrong type, or not one of its allowed values (see the OpenAPI schema)."
            : json.Message.Split(" Path:")[0].Split(" LineNumber:")[0].Trim();

    private static string Kebab(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);

    private static string RuleTitle(Rule rule) => rule switch
    {
        Rule.InvalidAmount => "R1: the amount does not fit its kind",
        Rule.LandSourceRefused => "R3: land source refused",
        Rule.AcceptanceRequired => "R4: acceptance incomplete",
        Rule.StorageSuspended => "R5: storage applications suspended",
        Rule.InsufficientQuota => "Not enough available quota",
        Rule.InvalidState => "Not possible in the resource's current state",
        Rule.FourEyesRequired => "A second centre user must approve",
        Rule.ConsumptionNotCovered => "R7: the occupied land is not covered",
        Rule.InvalidHolder => "R2: not a valid holder",
        Rule.KindMismatch => "The quota is of another kind or holder",
        _ => rule.ToString(),
    };
}
