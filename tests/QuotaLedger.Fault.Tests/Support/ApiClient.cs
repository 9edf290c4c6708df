using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>What one request got: a status (0 when no response came: refused, reset, timed out), body and media type.</summary>
public sealed record Outcome(int Status, string Body, string? MediaType, string? Error, TimeSpan Elapsed, bool TimedOut = false)
{
    public bool IsSuccess => Status is >= 200 and < 300;
    public bool NoResponse => Status == 0;

    public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Body);

    /// <summary>The id and version of a CommandResult body.</summary>
    public (Guid Id, long Version) CommandResult()
    {
        var json = Json;
        return (json.GetProperty("id").GetGuid(), json.GetProperty("version").GetInt64());
    }

    public string? ProblemType =>
        MediaType == "application/problem+json" && Json.TryGetProperty("type", out var t) ? t.GetString() : null;

    public override string ToString() =>
        NoResponse ? $"no response ({Error})" : $"{Status} {MediaType} {(Body.Length > 400 ? Body[..400] + "…" : Body)}";
}

/// <summary>Raw HTTP against a <see cref="ServiceProcess"/> (whose port changes on each restart).</summary>
public sealed class ApiClient(Func<Uri> baseAddress, TimeSpan? timeout = null) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(3),
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        MaxConnectionsPerServer = 64,
    }) { Timeout = Timeout.InfiniteTimeSpan };

    private readonly TimeSpan timeout = timeout ?? TimeSpan.FromSeconds(30);

    public ApiClient(ServiceProcess service, TimeSpan? timeout = null) : this(() => service.BaseAddress, timeout) { }

    public Task<Outcome> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public Task<Outcome> PostAsync(string path, string? token, string? json, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, token, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
            idempotencyKey is null ? null : [new("Idempotency-Key", idempotencyKey)]);

    public async Task<Outcome> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null, string? rawAuthorization = null)
    {
        var started = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(method, new Uri(baseAddress(), path.TrimStart('/'))) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (rawAuthorization is not null) request.Headers.TryAddWithoutValidation("Authorization", rawAuthorization);
        foreach (var (name, value) in headers ?? [])
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            using var response = await http.SendAsync(request, cts.Token);
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            return new Outcome((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, null, started.Elapsed);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return new Outcome(0, "", null, $"timed out after {timeout}", started.Elapsed, TimedOut: true);
        }
        catch (HttpRequestException e)
        {
            return new Outcome(0, "", null, e.InnerException?.Message ?? e.Message, started.Elapsed);
        }
    }

    public void Dispose() => http.Dispose();
}
