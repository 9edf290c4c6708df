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
}
