using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using QuotaLedger.Application.Shared;

namespace QuotaLedger.Api.Tests.Support;

/// <summary>Requests and responses in the API's JSON (camelCase, snake_case enum strings: <see cref="Json.Options"/>).</summary>
public static class Http
{
    public const string ProblemPrefix = "urn:quotaledger:problem:";

    public static StringContent JsonBody(object body) => RawJson(JsonSerializer.Serialize(body, Json.Options));

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object? body,
        string? idempotencyKey = null, string? ifMatch = null) =>
        client.PostRawAsync(url, body is null ? null : JsonSerializer.Serialize(body, Json.Options), idempotencyKey, ifMatch);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string? json,
        string? idempotencyKey = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = json is null ? null : RawJson(json) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    /// <summary>The body of a successful response; fails with the body when the status is not the one expected.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json.Options)!;
    }

    public static async Task<T> GetAsync<T>(this HttpClient client, string url) => await (await client.GetAsync(url)).ReadAsync<T>();

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).ReadAsync<JsonElement>();

    /// <summary>
    /// Asserts a ProblemDetails response: the status, <c>type</c> = urn:quotaledger:problem:<paramref name="code"/>, the
    /// problem+json media type, a title and detail, and (when given) that <c>errors</c> names each of the fields.
    /// </summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code,
        params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        var where = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}";
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}; {where}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"not problem+json; {where}");
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.True(problem.TryGetProperty("type", out var type) && type.GetString() == ProblemPrefix + code, $"expected type {code}; {where}");
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), where);
        if (fields.Length > 0)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors member; {where}");
            var named = errors.EnumerateObject().Select(p => p.Name).ToArray();
            foreach (var field in fields)
                Assert.True(named.Contains(field, StringComparer.OrdinalIgnoreCase),
                    $"errors should name '{field}' but name [{string.Join(", ", named)}]; {where}");
            foreach (var p in errors.EnumerateObject())
                Assert.True(p.Value.GetArrayLength() > 0 && p.Value.EnumerateArray().All(m => m.GetString() is { Length: > 0 }),
                    $"errors.{p.Name} carries no message; {where}");
        }
        return problem;
    }

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.ToString();

    public static EntityTagHeaderValue Tag(long version) => new($"\"{version}\"");
}
