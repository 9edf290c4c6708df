using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QuotaLedger.Api.Tests.Support;

using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// api-docs/openapi.json is the service's OpenAPI document as it is served; this test fails when it is stale.
/// Regenerate it with <c>UPDATE_API_DOCS=1 ./test.sh --filter FullyQualifiedName~OpenApi</c>.
/// </summary>
public sealed class OpenApiTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string DocumentUrl = "/swagger/v1/swagger.json";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static string CommittedPath => RepositoryFiles.PathOf("api-docs", "openapi.json");

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

    /// <summary>Resources that exist once, for a region or for the ledger: versioned, though no id names them.</summary>
    private static readonly string[] Singletons =
        ["/storage-suspension", "/storage-policy", "/trading/parameters", "/policy-parameters", "/debt", "/oversight/plan-targets"];

    /// <summary>The path of a singleton or one of its decisions (<c>/storage-policy/verification-tolerance</c>).</summary>
    private static bool IsSingleton(string path, bool orDecisionOnIt = false) =>
        Singletons.Any(s => path.EndsWith(s, StringComparison.Ordinal)
                            || (orDecisionOnIt && path.Contains(s + "/", StringComparison.Ordinal)));

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
            // A POST on a path with a parameter, or on a singleton, decides on a versioned resource; one without creates a resource.
            var decision = path.Contains('{') || IsSingleton(path, orDecisionOnIt: true);
            Assert.True(HasHeader(operation, "If-Match") == decision, $"POST {path}: If-Match documented wrongly");
            Assert.True(operation.GetProperty("responses").TryGetProperty("412", out _) == decision,
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
            var versioned = method == "post" || path.EndsWith('}') || IsSingleton(path);
            // Other headers may be documented too (an export's Content-Disposition): the ETag is what versions go with.
            foreach (var success in responses.EnumerateObject().Where(r => r.Name.StartsWith('2')))
                Assert.True((success.Value.TryGetProperty("headers", out var headers) && headers.TryGetProperty("ETag", out _)) == versioned,
                    $"{name} {success.Name}: ETag documented wrongly");

            // The public notices need no token and name no resource: only the database can fail them.
            var isPublic = operation.TryGetProperty("security", out var security) && security.GetArrayLength() == 0;
            Assert.True(!isPublic || path.StartsWith("/public/"), $"{name} is documented as needing no token");
            Assert.True(!isPublic || !responses.TryGetProperty("401", out _), $"{name} needs no token but documents 401");
            var problems = isPublic ? ["503"]
                : method == "post" ? new[] { "400", "401", "403", "404", "409", "422", "503" } : ["400", "401", "403", "404", "503"];
            foreach (var status in problems)
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{name} does not document {status}");
                Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name} {status} is no ProblemDetails");
                Assert.Contains("urn:quotaledger:problem:", response.GetProperty("description").GetString());
            }
        }
    }

    [Fact]
    public async Task Every_body_schema_says_what_the_json_contract_requires_takes_as_null_and_spells()
    {
        using var document = JsonDocument.Parse(await ServedAsync());
        var root = document.RootElement;
        var operations = (
            from path in root.GetProperty("paths").EnumerateObject()
            from method in path.Value.EnumerateObject()
            where Methods.Contains(method.Name)
            select method.Value).ToDictionary(o => o.GetProperty("operationId").GetString()!);
        var options = api.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var contract = new ContractWalk(root, options);

        var requestBodies = 0;
        foreach (var description in api.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
                     .SelectMany(g => g.Items))
        {
            var name = description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>().Single().EndpointName;
            var operation = operations[name];
            foreach (var body in description.ParameterDescriptions.Where(p => p.Source == BindingSource.Body))
            {
                requestBodies++;
                contract.Compare(operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"),
                    body.Type, $"{name} request");
            }
            foreach (var response in description.SupportedResponseTypes.Where(r => r.Type is { } t && t != typeof(void)))
                foreach (var content in operation.GetProperty("responses").GetProperty(response.StatusCode.ToString()).GetProperty("content").EnumerateObject())
                    contract.Compare(content.Value.GetProperty("schema"), response.Type!, $"{name} {response.StatusCode}");
        }

        Assert.True(requestBodies >= 20, $"only {requestBodies} request bodies found");
        Assert.True(contract.Faults.Count == 0, string.Join("\n", contract.Faults));
    }

    [Fact]
    public async Task A_transfer_proposal_requires_from_to_kind_and_an_amount_in_exact_decimals()
    {
        using var document = JsonDocument.Parse(await ServedAsync());
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var proposal = schemas.GetProperty(Reference(document.RootElement.GetProperty("paths").GetProperty("/api/v1/transfers").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema")));
        Assert.Equal(["amount", "from", "kind", "reason", "to"], proposal.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
        var members = proposal.GetProperty("properties");
        Assert.False(members.GetProperty("from").TryGetProperty("nullable", out _));
        Assert.False(members.GetProperty("reason").TryGetProperty("nullable", out _));

        var measures = schemas.GetProperty(Reference(members.GetProperty("amount")));
        Assert.Equal(["area", "grainCapacity", "paddyArea"], measures.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
        foreach (var measure in measures.GetProperty("properties").EnumerateObject())
        {
            Assert.Equal("number", measure.Value.GetProperty("type").GetString());
            Assert.Equal("decimal", measure.Value.GetProperty("format").GetString());
        }
        var description = measures.GetProperty("description").GetString();
        Assert.Contains("kept to 4 decimal places", description);
        Assert.Contains("grainCapacity in kg per year, kept to 2", description);
        Assert.Contains("refused", description);
    }

    private static string Reference(JsonElement schema) => schema.GetProperty("$ref").GetString()!.Split('/')[^1];

    /// <summary>
    /// Walks a schema of the document beside the contract the API's JSON options give its type, the one the strict reader
    /// refuses bodies by, and notes each place where they disagree.
    /// </summary>
    private sealed class ContractWalk(JsonElement document, JsonSerializerOptions options)
    {
        private readonly HashSet<Type> walked = [];

        public List<string> Faults { get; } = [];

        public void Compare(JsonElement schema, Type type, string at)
        {
            schema = Resolve(schema);
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(decimal))
            {
                if (Text(schema, "type") != "number" || Text(schema, "format") != "decimal")
                    Faults.Add($"{at}: a decimal documented as {Text(schema, "type")} {Text(schema, "format")}");
                return;
            }
            if (type.IsEnum)
            {
                var spelt = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(v, type, options))).ToArray();
                var listed = schema.TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(v => v.GetString()).ToArray() : [];
                if (!listed.SequenceEqual(spelt))
                    Faults.Add($"{at}: enum lists [{string.Join(", ", listed)}], the service spells [{string.Join(", ", spelt)}]");
                return;
            }
            if (!walked.Add(type)) return;

            var info = options.GetTypeInfo(type);
            if (info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } element)
                Compare(schema.GetProperty("items"), element, $"{at}[]");
            if (info is { Kind: JsonTypeInfoKind.Dictionary, KeyType: { } key, ElementType: { } value })
                CompareDictionary(schema, key, value, at);
            if (info.Kind != JsonTypeInfoKind.Object) return;

            var documented = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().ToDictionary(m => m.Name, m => m.Value) : [];
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(n => n.GetString()!).ToHashSet() : [];
            // [JsonIgnore] members stay in the contract, with neither getter nor setter.
            var members = info.Properties.Where(m => !m.IsExtensionData && (m.Get is not null || m.Set is not null)).ToArray();
            foreach (var extra in documented.Keys.Except(members.Select(m => m.Name)))
                Faults.Add($"{at}: {type.Name} documents {extra}, which the service neither reads nor writes");
            foreach (var member in members)
            {
                var path = $"{at} {type.Name}.{member.Name}";
                if (!documented.TryGetValue(member.Name, out var memberSchema))
                {
                    Faults.Add($"{path}: not documented");
                    continue;
                }
                if (required.Contains(member.Name) != member.IsRequired)
                    Faults.Add($"{path}: the reader {(member.IsRequired ? "requires it" : "does not require it")}, the document says otherwise");
                var takesNull = member.Set is not null || member.AssociatedParameter is not null ? member.IsSetNullable : member.IsGetNullable;
                if (TakesNull(memberSchema) != takesNull)
                    Faults.Add($"{path}: null is {(takesNull ? "" : "not ")}taken, the document says otherwise");
                Compare(memberSchema, member.PropertyType, path);
            }
        }

        /// <summary>Keys of an enum are the enum's names as the service writes them as member names, each documented.</summary>
        private void CompareDictionary(JsonElement schema, Type key, Type value, string at)
        {
            if (!key.IsEnum)
            {
                Compare(schema.GetProperty("additionalProperties"), value, $"{at}[]");
                return;
            }
            var spelt = Enum.GetValues(key).Cast<object>().Select(k => KeyName(k, key)).ToArray();
            var documented = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().ToDictionary(m => m.Name, m => m.Value) : [];
            if (!documented.Keys.SequenceEqual(spelt))
                Faults.Add($"{at}: keys documented as [{string.Join(", ", documented.Keys)}], the service spells [{string.Join(", ", spelt)}]");
            if (!schema.TryGetProperty("additionalProperties", out var more) || more.ValueKind != JsonValueKind.False)
                Faults.Add($"{at}: keys other than the {key.Name} names are not refused by the document");
            foreach (var (name, member) in documented) Compare(member, value, $"{at}[{name}]");
        }

        private string KeyName(object key, Type keyType)
        {
            var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(keyType, typeof(int)))!;
            dictionary[key] = 0;
            using var written = JsonDocument.Parse(JsonSerializer.Serialize(dictionary, dictionary.GetType(), options));
            return written.RootElement.EnumerateObject().Single().Name;
        }

        private static bool TakesNull(JsonElement schema) => schema.TryGetProperty("nullable", out var n) && n.GetBoolean();

        private static string? Text(JsonElement schema, string name) => schema.TryGetProperty(name, out var value) ? value.GetString() : null;

        private JsonElement Resolve(JsonElement schema)
        {
            if (schema.TryGetProperty("$ref", out var reference))
                return Resolve(document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]));
            return schema.TryGetProperty("allOf", out var all) && all.GetArrayLength() == 1 ? Resolve(all[0]) : schema;
        }
    }
}
