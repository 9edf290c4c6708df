using System.Text.Json;
using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests;

/// <summary>
/// api-docs/openapi.json is the service's OpenAPI document as it is served; this test fails when it is stale.
/// Regenerate it with <c>UPDATE_API_DOCS=1 ./test.sh --filter FullyQualifiedName~OpenApi</c>.
/// </summary>
public sealed class OpenApiTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string DocumentUrl = "/swagger/v1/swagger.json";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static string CommittedPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "QuotaLedger.sln")))
                    return Path.Combine(dir.FullName, "api-docs", "openapi.json");
            throw new InvalidOperationException($"No QuotaLedger.sln above {AppContext.BaseDirectory}.");
        }
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n").TrimEnd() + "\n";

    private async Task<string> ServedAsync()
    {
        var response = await api.Anonymous().GetAsync(DocumentUrl);
        Assert.True(response.IsSuccessStatusCode, $"{DocumentUrl} answered {(int)response.StatusCode}");
        return Normalise(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_committed_document_is_the_one_the_service_serves()
    {
        var served = await ServedAsync();
        if (Environment.GetEnvironmentVariable("UPDATE_API_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CommittedPath)!);
            await File.WriteAllTextAsync(CommittedPath, served);
            return;
        }
        Assert.True(File.Exists(CommittedPath),
            $"{CommittedPath} is missing; create it with UPDATE_API_DOCS=1 ./test.sh --filter FullyQualifiedName~OpenApi");
        var committed = Normalise(await File.ReadAllTextAsync(CommittedPath));
        if (committed == served) return;
        var servedLines = served.Split('\n');
        var committedLines = committed.Split('\n');
        var first = Enumerable.Range(0, Math.Min(servedLines.Length, committedLines.Length))
            .FirstOrDefault(i => servedLines[i] != committedLines[i], Math.Min(servedLines.Length, committedLines.Length));
        Assert.Fail($"api-docs/openapi.json is stale (first difference at line {first + 1}:\n  committed: " +
                    $"{committedLines.ElementAtOrDefault(first)}\n  served:    {servedLines.ElementAtOrDefault(first)}).\n" +
                    "Regenerate it with UPDATE_API_DOCS=1 ./test.sh --filter FullyQualifiedName~OpenApi and commit it.");
    }

    [Fact]
    public async Task Every_operation_has_a_unique_operation_id_a_summary_and_problem_responses()
    {
        using var document = JsonDocument.Parse(await ServedAsync());
        var operations = (
            from path in document.RootElement.GetProperty("paths").EnumerateObject()
            from method in path.Value.EnumerateObject()
            where Methods.Contains(method.Name)
            select (Name: $"{method.Name.ToUpperInvariant()} {path.Name}", Operation: method.Value)).ToArray();

        Assert.NotEmpty(operations);
        var missing = operations.Where(o => !o.Operation.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString()))
            .Select(o => o.Name).ToArray();
        Assert.True(missing.Length == 0, $"operations without an operationId: {string.Join(", ", missing)}");
        var ids = operations.Select(o => o.Operation.GetProperty("operationId").GetString()).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        var unsummarised = operations.Where(o => !o.Operation.TryGetProperty("summary", out _)).Select(o => o.Name).ToArray();
        Assert.True(unsummarised.Length == 0, $"operations without a summary: {string.Join(", ", unsummarised)}");
        foreach (var (name, operation) in operations.Where(o => o.Name.StartsWith("POST", StringComparison.Ordinal)))
        {
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "400", "403", "422" })
                Assert.True(responses.TryGetProperty(status, out _), $"{name} does not document {status}");
        }
    }

    [Fact]
    public async Task The_document_names_the_bearer_scheme_and_the_domain_operations()
    {
        using var document = JsonDocument.Parse(await ServedAsync());
        var root = document.RootElement;
        Assert.Equal("http", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
        var ids = root.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .Where(m => Methods.Contains(m.Name)).Select(m => m.Value.GetProperty("operationId").GetString()).ToHashSet();
        foreach (var id in new[]
                 {
                     "RegisterProject", "SubmitStorageApplication", "ApproveStorageApplication", "ProposeTransfer", "ApproveTransfer",
                     "FreezeQuota", "LiftFreeze", "LinkQuota", "WriteOffLinkedQuota", "DeductQuota", "GetHolderBalances", "GetHolderHistory",
                 })
            Assert.Contains(id, ids);
    }

    private async Task<(string Method, string Path, JsonElement Operation)[]> OperationsAsync()
    {
        using var document = JsonDocument.Parse(await ServedAsync());
        return (
            from path in document.RootElement.GetProperty("paths").EnumerateObject()
            from method in path.Value.EnumerateObject()
            where Methods.Contains(method.Name)
            select (method.Name, path.Name, method.Value.Clone())).ToArray();
    }

    private static bool HasHeader(JsonElement operation, string name) =>
        operation.TryGetProperty("parameters", out var parameters)
        && parameters.EnumerateArray().Any(p => p.GetProperty("in").GetString() == "header" && p.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Posts_take_an_idempotency_key_and_decisions_on_an_existing_resource_an_if_match()
    {
        var posts = (await OperationsAsync()).Where(o => o.Method == "post").ToArray();
        Assert.NotEmpty(posts);
        foreach (var (_, path, operation) in posts)
        {
            Assert.True(HasHeader(operation, "Idempotency-Key"), $"POST {path} does not document Idempotency-Key");
            // A POST on a path with a parameter decides on a versioned resource; one without creates a resource.
            Assert.True(HasHeader(operation, "If-Match") == path.Contains('{'), $"POST {path}: If-Match documented wrongly");
            Assert.True(operation.GetProperty("responses").TryGetProperty("412", out _) == path.Contains('{'),
                $"POST {path}: 412 documented wrongly");
        }
    }

    [Fact]
    public async Task Commands_and_single_resources_answer_with_an_etag_and_every_operation_documents_its_problems()
    {
        foreach (var (method, path, operation) in await OperationsAsync())
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            var responses = operation.GetProperty("responses");
            var versioned = method == "post" || path.EndsWith('}') || path.EndsWith("/storage-suspension", StringComparison.Ordinal);
            foreach (var success in responses.EnumerateObject().Where(r => r.Name.StartsWith('2')))
                Assert.True(success.Value.TryGetProperty("headers", out var headers) == versioned
                            && (!versioned || headers.TryGetProperty("ETag", out _)), $"{name} {success.Name}: ETag documented wrongly");

            var problems = method == "post" ? new[] { "400", "401", "403", "404", "409", "422", "503" } : ["400", "401", "403", "404", "503"];
            foreach (var status in problems)
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{name} does not document {status}");
                Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name} {status} is no ProblemDetails");
                Assert.Contains("urn:quotaledger:problem:", response.GetProperty("description").GetString());
            }
        }
    }
}
