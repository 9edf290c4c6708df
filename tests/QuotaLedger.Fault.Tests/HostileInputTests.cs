using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Fault.Tests.Support;
using Xunit.Abstractions;

namespace QuotaLedger.Fault.Tests;

/// <summary>
/// Malformed and hostile requests against every operation the service's own OpenAPI document lists (every path and
/// method, path parameters filled with existing ids of the right and the wrong type, random and malformed values):
/// missing, garbage and forged tokens, tokens of users outside the resource's scope, malformed, deep, oversized,
/// wrongly typed, invalid UTF-8 and huge-number bodies, SQL-ish strings, bad query values and headers. Every request
/// carries at least one defect, so every answer must be a 4xx ProblemDetails (application/problem+json), never a 5xx,
/// and the ledger must be exactly as it was: as many events, the same balances, no idempotency record. The one
/// exception is a bad token on a read the document opens to anyone (the public notices): it may be ignored, a 2xx.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private readonly Log log = new(output);

    private const string Hohhot = "150102";
    private const string ForeignCounty = "150202"; // Baotou: outside every Hohhot resource's scope

    private static readonly string[] SqlIsh =
    [
        "'; DROP TABLE ql_events; --", "\" OR \"1\"=\"1", "1; UPDATE ql_balances SET area = 0", "$1", "') OR true --",
        "150102' --", "%27%20OR%201%3D1", "\\\\x00", "${jndi:ldap://x}", "<script>alert(1)</script>",
    ];

    /// <summary>One hostile request and what makes it invalid.</summary>
    /// <param name="Public">A read open to anyone (公示): it may ignore a bad token and answer 2xx, or refuse it like any other.</param>
    /// <param name="FindsNothing">
    /// A search over recorded values (the audit's user name, its keyset cursor): any text is a question with an answer,
    /// so an empty page (200, no items) is right, as is a refusal.
    /// </param>
    private sealed record Case(string Defect, HttpMethod Method, string Path, Func<HttpContent?> Content, string? Token,
        string? RawAuthorization = null, IReadOnlyList<KeyValuePair<string, string>>? Headers = null, bool Public = false,
        bool FindsNothing = false);

    /// <summary>The searches over recorded values, by operation and query parameter.</summary>
    private static readonly HashSet<(string OperationId, string Parameter)> Searches = [("QueryAudit", "actor"), ("QueryAudit", "after")];

    /// <param name="Anonymous">The document asks no token for it (<c>security: []</c>).</param>
    private sealed record Operation(string Method, string Template, string OperationId, JsonObject? BodySchema, JsonArray Parameters,
        bool Anonymous);

    [Fact]
    public async Task Every_endpoint_answers_hostile_requests_with_4xx_problem_details_and_writes_nothing()
    {
        var seed = Repo.Seed(6401);
        log.Write($"seed {seed} (QUOTALEDGER_FAULT_SEED replays it)");
        await using var db = await TestDatabase.CreateAsync();
        await using var service = await ServiceProcess.StartAsync("hostile", db.ServiceConnectionString);
        using var api = new ApiClient(service, TimeSpan.FromSeconds(30));

        var ids = await SeedResourcesAsync(api);
        var swagger = await api.GetAsync("/swagger/v1/swagger.json", null);
        Assert.True(swagger.Status == 200, $"swagger.json: {swagger}");
        var document = JsonNode.Parse(swagger.Body)!.AsObject();
        var operations = Operations(document).ToList();
        log.Write($"{operations.Count} operations in swagger.json: {string.Join(", ", operations.Select(o => o.OperationId))}");
        Assert.True(operations.Count >= 30, "the OpenAPI document lists fewer operations than expected");

        var random = new Random(seed);
        var cases = operations.SelectMany(o => CasesFor(o, document, ids, random)).ToList();
        // A client announcing a large body (Expect: 100-continue) hears 413 before sending it.
        cases.Add(new Case("40 MB body", HttpMethod.Post, "/api/v1/projects",
            () => Json("{\"name\":\"" + new string('x', 40 * 1024 * 1024) + "\"}"), Tokens.County(Hohhot), Headers: [new("Expect", "100-continue")]));
        log.Write($"{cases.Count} hostile requests");

        var before = await db.LedgerFingerprintAsync();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < cases.Count;)
            {
                var c = cases[i];
                var outcome = await api.SendAsync(c.Method, c.Path, c.Token, c.Content(), c.Headers, c.RawAuthorization);
                statuses.AddOrUpdate(outcome.Status, 1, (_, n) => n + 1);
                if (Verdict(c, outcome) is { } problem)
                    failures.Enqueue($"{c.Method} {Shorten(c.Path)} [{c.Defect}] → {problem}");
            }
        })));
        var after = await db.LedgerFingerprintAsync();
        log.Write($"statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        log.Write($"ledger before {before}, after {after}");

        var verdict = new Verdict(log.Write);
        foreach (var failure in failures.OrderBy(f => f, StringComparer.Ordinal)) log.Write(Shorten(failure, 500));
        verdict.Add("every answer a 4xx ProblemDetails", failures.OrderBy(f => f, StringComparer.Ordinal));
        verdict.Require(before == after, $"the ledger changed: before {before}, after {after}");
        verdict.Require(service.ErrorLines == 0, $"the service logged {service.ErrorLines} errors (a 500 behind them?)");
        verdict.Assert(service);
    }

    // ---------------------------------------------------------------- what is answered

    private static string? Verdict(Case c, Outcome outcome)
    {
        if (outcome.NoResponse) return $"no response: {outcome.Error}";
        if (c.Public && outcome.Status is >= 200 and < 300) return null;
        if (c.FindsNothing && outcome.Status == 200 && outcome.Json.GetProperty("items").GetArrayLength() == 0) return null;
        // Kestrel refuses a NUL in the decoded path itself, before any middleware runs: a bare 400 is all it can give.
        if (c.Defect == "path: percent-encoded NUL" && outcome is { Status: 400, Body: "" }) return null;
        if (outcome.Status is < 400 or >= 500) return outcome.ToString();
        if (outcome.MediaType != "application/problem+json") return $"not problem+json: {outcome}";
        try
        {
            var problem = outcome.Json;
            if (problem.GetProperty("status").GetInt32() != outcome.Status || string.IsNullOrEmpty(problem.GetProperty("title").GetString())
                || string.IsNullOrEmpty(problem.GetProperty("type").GetString()))
                return $"incomplete ProblemDetails: {outcome}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"unreadable ProblemDetails ({e.Message}): {outcome}";
        }
        return null;
    }

    private static string Shorten(string s, int length = 120) => s.Length > length ? s[..length] + $"…({s.Length} chars)" : s;

    // ---------------------------------------------------------------- the operations

    private static IEnumerable<Operation> Operations(JsonObject document)
    {
        foreach (var (template, item) in document["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        {
            if (method is "parameters" or "summary" or "description") continue;
            var schema = op!["requestBody"]?["content"]?["application/json"]?["schema"];
            yield return new Operation(method.ToUpperInvariant(), template, op["operationId"]?.GetValue<string>() ?? $"{method} {template}",
                schema is null ? null : Resolve(document, schema), op["parameters"]?.AsArray() ?? [],
                op["security"] is JsonArray { Count: 0 });
        }
    }

    private static JsonObject Resolve(JsonObject document, JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Resolve(document, document["components"]!["schemas"]![reference.Split('/')[^1]]!);
        if (schema["allOf"] is JsonArray all && all.Count == 1) return Resolve(document, all[0]!);
        if (schema["oneOf"] is JsonArray one) return Resolve(document, one.First(s => s!["type"]?.ToString() != "null")!);
        return schema.AsObject();
    }

    // ---------------------------------------------------------------- the cases

    private IEnumerable<Case> CasesFor(Operation op, JsonObject document, Ids ids, Random random)
    {
        var method = new HttpMethod(op.Method);
        var isPost = op.Method == "POST";
        var validPath = FillPath(op.Template, ids, random, name => ids.Existing(name));
        var template = isPost ? ValidBody(op) : null;
        if (template is not null && MissingRequired(JsonNode.Parse(template)!.AsObject(), op.BodySchema!, document, "").ToList() is [_, ..] missing)
            throw new InvalidOperationException($"The body template of {op.OperationId} lacks {string.Join(", ", missing)}, which the document requires.");
        Func<HttpContent?> body = template is null ? () => null : () => Json(template);
        var scoped = Tokens.Centre();

        // 1. Authentication: no token, garbage, forged, expired, unknown role, organisation that does not fit the role.
        foreach (var (defect, token, raw) in AuthDefects())
            yield return new Case($"auth: {defect}", method, validPath, body, token, raw, Public: op.Anonymous);

        // 2. Users outside the scope: a buyer, and a county of another prefecture, on Hohhot resources and holders.
        if (isPost || op.Template.Contains('{'))
        {
            yield return new Case("scope: buyer", method, validPath, body, Tokens.Mint(Role.Buyer, "buyer-7"));
            yield return new Case("scope: foreign county", method, validPath, body, Tokens.County(ForeignCounty));
        }

        // 3. Path parameters: random ids, ids of another resource type, malformed and hostile values.
        if (op.Template.Contains('{'))
            foreach (var (defect, value) in BadPathValues(op, ids, random))
                yield return new Case($"path: {defect}", method, FillPath(op.Template, ids, random, _ => value), body, scoped);

        // 4. Query parameters: wrong types, out of range, unknown holders, SQL-ish.
        foreach (var parameter in op.Parameters.Where(p => p!["in"]?.GetValue<string>() == "query"))
        {
            var name = parameter!["name"]!.GetValue<string>();
            foreach (var value in BadQueryValues(name, parameter["schema"] is { } s ? Resolve(document, s) : new JsonObject(), random))
                yield return new Case($"query: {name}={Shorten(value)}", method, $"{validPath}?{name}={Uri.EscapeDataString(value)}", () => null, scoped,
                    FindsNothing: Searches.Contains((op.OperationId, name)));
        }

        if (!isPost) yield break;

        // 5. Headers.
        yield return new Case("header: Idempotency-Key of 201 characters", method, validPath, body, scoped,
            Headers: [new("Idempotency-Key", new string('k', 201))]);
        yield return new Case("header: Idempotency-Key with a tab", method, validPath, body, scoped,
            Headers: [new("Idempotency-Key", "key\twith-tab")]);
        // Decisions on an existing resource, where "0" is stale (a region never suspended is at version 0, so its
        // suspension is left out); "*" is not here: it is a valid If-Match, any current version.
        if (op.Template.Contains("Id}") || op.Template.Contains("Id:"))
            foreach (var tag in new[] { "garbage", "W/\"-3\"", "\"99999999999999999999999\"", "\"0\"", "\"*\"" })
                yield return new Case($"header: If-Match {tag}", method, validPath, body, scoped, Headers: [new("If-Match", tag)]);

        // 6. Bodies: not JSON, wrong shape, deep, huge, invalid UTF-8, wrong types, huge numbers, unknown members.
        var schema = op.BodySchema ?? new JsonObject();
        var required = schema["required"] is JsonArray r && r.Count > 0;
        var bodies = new List<(string, Func<HttpContent?>)>
        {
            ("truncated JSON", () => Json("{\"reason\": \"x\", ")),
            ("not JSON", () => Json("this is not json")),
            ("array", () => Json("[1,2,3]")),
            ("string", () => Json("\"reason\"")),
            ("number", () => Json("12345678901234567890")),
            ("trailing garbage", () => Json((template ?? "{}") + " trailing")),
            ("duplicate members", () => Json("{\"reason\":\"a\",\"reason\":\"b\",\"reason\":{}}")),
            ("deep nesting 100", () => Json(Deep(100))),
            ("deep nesting 20000", () => Json(Deep(20_000))),
            ("2 MB string", () => Json("{\"reason\":\"" + new string('a', 2 * 1024 * 1024) + "\"}")),
            ("1 MB of spaces then a valid body", () => Json(new string(' ', 1024 * 1024) + (template ?? "{}"))),
            ("invalid UTF-8", () => Bytes(Encoding.UTF8.GetBytes("{\"reason\":\"").Concat(new byte[] { 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80 })
                .Concat(Encoding.UTF8.GetBytes("\"}")).ToArray())),
            ("invalid UTF-8 in template", () => Bytes(InvalidUtf8In(template ?? "{\"reason\":\"x\"}"))),
            ("NUL and lone surrogate escapes", () => Json((template ?? "{}").TrimEnd('}') + (template is null or "{}" ? "" : ",") + "\"x\":\"\\u0000\\ud800\"}")),
            ("unknown member", () => Json((template ?? "{}").TrimEnd('}') + (template is null or "{}" ? "" : ",") + "\"isAdmin\":true}")),
            ("text/plain", () => new StringContent(template ?? "{}", Encoding.UTF8, "text/plain")),
            ("application/xml", () => new StringContent("<reason>x</reason>", Encoding.UTF8, "application/xml")),
        };
        if (required)
        {
            bodies.Add(("empty body", () => Json("")));
            bodies.Add(("null", () => Json("null")));
            bodies.Add(("empty object", () => Json("{}")));
            bodies.Add(("no body", () => null));
        }
        foreach (var (defect, content) in bodies)
            yield return new Case($"body: {defect}", method, validPath, content, scoped,
                Headers: defect.Contains(" MB") ? [new("Expect", "100-continue")] : null);

        if (template is null) yield break;
        var baseBody = JsonNode.Parse(template)!.AsObject();
        foreach (var (path, kind) in Leaves(baseBody, schema, document, ""))
        {
            foreach (var wrong in WrongTypes(kind))
                yield return new Case($"body: {path} = {wrong}", method, validPath, () => Json(Set(baseBody, path, JsonNode.Parse(wrong))), scoped);
            if (kind is "number" or "integer")
                foreach (var huge in new[] { "1e400", "-1e400", "79228162514264337593543950336", "79228162514264337593543950335", "-79228162514264337593543950335",
                             "9223372036854775808", "2000000000.00001", "-0.0001" })
                    yield return new Case($"body: {path} = {huge}", method, validPath, () => Json(Set(baseBody, path, JsonValue.Create(0)!, huge)), scoped);
        }
        // Every string at once SQL-ish (holder codes and ids among them, so the request is refused, but only after the strings were read).
        foreach (var sql in SqlIsh)
        {
            var hostile = baseBody.DeepClone().AsObject();
            foreach (var (path, kind) in Leaves(baseBody, schema, document, "").Where(l => l.Kind == "string").ToList())
                hostile = JsonNode.Parse(Set(hostile, path, JsonValue.Create(sql)))!.AsObject();
            var text = hostile.ToJsonString();
            var target = op.Template.Contains('{') ? FillPath(op.Template, ids, random, _ => Guid.NewGuid().ToString()) : validPath;
            yield return new Case($"body: strings = {sql}", method, target, () => Json(text), scoped,
                Headers: [new("Idempotency-Key", sql)]);
        }
    }

    private static IEnumerable<(string Defect, string? Token, string? Raw)> AuthDefects()
    {
        var now = DateTime.UtcNow;
        yield return ("none", null, null);
        yield return ("garbage bearer", null, "Bearer not.a.token");
        yield return ("empty bearer", null, "Bearer ");
        yield return ("basic", null, "Basic dXNlcjpwYXNzd29yZA==");
        yield return ("huge bearer", null, "Bearer " + new string('A', 16_000));
        yield return ("alg none", Tokens.Unsigned(), null);
        yield return ("tampered payload", Tokens.Tampered(), null);
        yield return ("other key", Tokens.Custom("centre", "150000", "mallory", key: "another-key-that-is-long-enough-for-hmac-256"), null);
        yield return ("expired", Tokens.Custom("centre", "150000", "old", notBefore: now.AddHours(-5), expires: now.AddHours(-1)), null);
        yield return ("not yet valid", Tokens.Custom("centre", "150000", "early", notBefore: now.AddHours(1), expires: now.AddHours(2)), null);
        yield return ("wrong issuer", Tokens.Custom("centre", "150000", "x", issuer: "evil-issuer"), null);
        yield return ("wrong audience", Tokens.Custom("centre", "150000", "x", audience: "other-api"), null);
        yield return ("unknown role", Tokens.Custom("admin", "150000", "root"), null);
        yield return ("role as number", Tokens.Custom("0", "150000", "root"), null);
        yield return ("centre of a county", Tokens.Custom("centre", Hohhot, "x"), null);
        yield return ("county of a prefecture", Tokens.Custom("county", "150100", "x"), null);
        yield return ("buyer with a region code", Tokens.Custom("buyer", "150000", "x"), null);
        yield return ("no user", Tokens.Custom("centre", "150000", null), null);
        yield return ("no organisation", Tokens.Custom("centre", null, "x"), null);
        yield return ("SQL-ish organisation", Tokens.Custom("county", "150102' OR '1'='1", "x"), null);
    }

    private static IEnumerable<(string Defect, string Value)> BadPathValues(Operation op, Ids ids, Random random)
    {
        var guidParameter = op.Parameters.Any(p => p!["in"]?.GetValue<string>() == "path" && p["schema"]?["format"]?.GetValue<string>() == "uuid");
        if (guidParameter)
        {
            yield return ("random id", new Guid(Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray()).ToString());
            yield return ("empty guid", Guid.Empty.ToString());
            foreach (var (type, id) in ids.OfOtherTypes(op.Template)) yield return ($"a {type} id", id.ToString());
        }
        else
        {
            yield return ("unknown region", "159999");
            yield return ("Beijing county", "110101");
            yield return ("region code with spaces", " 150102 ");
        }
        yield return ("not an id", "not-a-guid");
        foreach (var sql in SqlIsh.Take(4)) yield return ($"SQL-ish {sql}", Uri.EscapeDataString(sql));
        yield return ("4000 characters", new string('9', 4000));
        yield return ("percent-encoded NUL", "150102%00");
        yield return ("dot segments", "..%2F..%2Fswagger");
        yield return ("unicode", Uri.EscapeDataString("١٥٠١٠٢"));
    }

    private static IEnumerable<string> BadQueryValues(string name, JsonObject schema, Random random)
    {
        var type = schema["type"]?.ToString();
        var format = schema["format"]?.GetValue<string>();
        if (type is "integer" or "number" || type?.Contains("integer") == true)
            return name == "limit"
                ? ["abc", "-1", "0", "501", "99999999999", "1e3", "1.5", "0x10", random.Next(int.MinValue, -1).ToString()]
                : ["abc", "-1", "99999999999", "1e3", "1.5", "0x10", random.Next(int.MinValue, -1).ToString()];
        if (format == "date-time")
            return ["yesterday", "2026-13-45T99:00:00Z", "0000-00-00", "1' OR '1'='1", new string('9', 300)];
        return ["159999", "' OR 1=1 --", "150102'; DROP TABLE ql_events; --", new string('x', 3000), "<script>", "not_a_kind"];
    }

    // ---------------------------------------------------------------- bodies

    /// <summary>A body of the right shape for the operation; the defects are added to it.</summary>
    private static string? ValidBody(Operation op)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var measures = "{\"area\":1,\"grainCapacity\":100,\"paddyArea\":0}";
        return op.OperationId switch
        {
            "RegisterProject" => $$"""{"county":"{{Hohhot}}","kind":"replenishment","name":"P","landSource":"unused_land","slopeDegrees":3,"inEcologicalRedLine":false,"planned":{{measures}}}""",
            "SubmitStorageApplication" => $$"""{"projectId":"{{Guid.NewGuid()}}","verified":{{measures}},"qualityGrade":5,"acceptedOn":"{{today.AddDays(-3):yyyy-MM-dd}}","landTypeChangedOn":"{{today.AddDays(-9):yyyy-MM-dd}}"}""",
            "ProposeTransfer" or "TransferDirectly" => $$"""{"from":"{{Hohhot}}","to":"150103","kind":"replenishment","amount":{{measures}},"reason":"r"}""",
            "FreezeQuota" => $$"""{"holder":"{{Hohhot}}","kind":"replenishment","reason":"r"}""",
            "LinkQuota" => $$"""{"county":"{{Hohhot}}","kind":"replenishment","approvalReference":"A-1","occupied":{{measures}},"reason":"r","occupationType":"non_farm_construction"}""",
            "DeductQuota" => $$"""{"county":"{{Hohhot}}","kind":"replenishment","amount":{{measures}},"commitmentReference":"C-1","reason":"r"}""",
            // A prefecture's code as the county: refused (validation) only once every member was read.
            "RecordReclamationCommitment" => $$"""{"county":"{{Hohhot}}","source":"mine_wasteland","amount":{{measures}},"dueOn":"{{today.AddDays(30):yyyy-MM-dd}}","linkId":null,"consumptionReference":"HH-1","reason":"r"}""",
            "RecordCommitmentFulfilment" => $$"""{"verified":{{measures}},"acceptedOn":"{{today:yyyy-MM-dd}}","reason":"r"}""",
            "AmendProjectPlan" => $$"""{"planned":{{measures}},"reason":"r"}""",
            // From a day past: refused (retroactive-policy) only once every string was read. Its strings are free text,
            // with no holder or id to make the SQL-ish copy fail, and a hostile request must never write.
            "SetVerificationTolerance" => $$"""{"percent":5,"effectiveFrom":"{{today.AddDays(-1):yyyy-MM-dd}}","reason":"r"}""",
            // Inner Mongolia buys no quota of its own: refused (invalid-holder) only once every string was read.
            "RegisterBuyer" => """{"provinceCode":"150000","name":"N","contact":"C"}""",
            // From a day past, as the verification tolerance: refused (retroactive-policy) after everything was read.
            "SetTradingParameters" => $$"""{"floorPrices":[{"kind":"replenishment","measure":"area","unitPrice":1}],"terms":{"depositPercent":20,"incrementPercent":5,"capPercent":150,"noticeDays":5,"publicityDays":5,"paymentDays":10,"extensionMinutes":5,"defaultBarDays":180},"effectiveFrom":"{{today.AddDays(-1):yyyy-MM-dd}}","reason":"r"}""",
            // From a day past, as the trading parameters: refused (retroactive-policy) after everything was read.
            "SetPolicyParameters" => $$"""{"id":"NR-2026","effectiveFrom":"{{today.AddDays(-1):yyyy-MM-dd}}","source":"s","abandonmentFreezePercent":10,"fieldSamplePercent":15,"patrolForwardDays":5,"patrolReportDays":5,"consumption":{"coverArea":true,"coverGrainCapacity":true,"coverPaddyArea":true,"occupationTypeRequired":true,"exemptTypes":["natural_water_expansion"]},"reason":"r"}""",
            // From a day past: refused (retroactive-policy) only once every member was read.
            "AddPlanTarget" or "AmendPlanTarget" => $$"""{"kind":"replenishment","prefecture":"150100","period":"2022","unit":"mu","amount":1,"effectiveFrom":"{{today.AddDays(-1):yyyy-MM-dd}}","reason":"r"}""",
            // For a buyer no one registered: refused (not-found) only once every member was read.
            "RecordAgreement" => $$"""{"number":"A-1","seller":"150102","buyerId":"{{Guid.NewGuid()}}","kind":"replenishment","measure":"area","quantity":1,"unitPrice":10000,"tranches":[{"dueAt":"{{DateTime.UtcNow.AddDays(5):yyyy-MM-ddTHH:mm:ssZ}}","amount":10000}],"signedOn":"{{today:yyyy-MM-dd}}"}""",
            "SubmitPaymentReference" or "ConfirmPayment" => """{"bankReference":"B-1","amount":1}""",
            // Announced yesterday: refused (trading-parameters-missing or invalid-schedule) only once every member was read.
            "DraftListing" => $$"""{"seller":"{{Hohhot}}","kind":"replenishment","measure":"area","quantity":1,"mode":"fixed_price","startPrice":1,"noticeStart":"{{today.AddDays(-1):yyyy-MM-dd}}T00:00:00Z","tradingStart":"{{today.AddDays(9):yyyy-MM-dd}}T00:00:00Z","tradingEnd":"{{today.AddDays(10):yyyy-MM-dd}}T00:00:00Z"}""",
            "PlaceOrder" => """{"quantity":1}""",
            "PlaceBid" => """{"unitPrice":1}""",
            "DeclareDeposit" or "RefundDeposit" => """{"bankReference":"B-1"}""",
            // Inspection campaigns: of a project, campaign or region with nothing to act on (not-found, invalid-state), once read.
            "CreateInspectionCampaign" => $$"""{"type":"special_sweep","title":"T","period":{"from":"2025-01-01","to":"2025-12-31"},"problems":[{"projectId":"{{Guid.NewGuid()}}","suspectedArea":1,"finding":"abandonment"}]}""",
            "DrawFieldSample" => """{"seed":1}""",
            "AddProjectToSample" => $$"""{"projectId":"{{Guid.NewGuid()}}","reason":"r"}""",
            "RecordFieldResults" => $$"""{"results":[{"projectId":"{{Guid.NewGuid()}}","outcome":"confirmed","finding":"abandonment","confirmed":{{measures}}}]}""",
            "RecordRectificationRecheck" => $$"""{"regionCode":"150102","checkedOn":"{{today:yyyy-MM-dd}}","findings":"f"}""",
            "ReportPatrolResult" => """{"summary":"s"}""",
            _ when op.BodySchema?["properties"]?["reason"] is not null => """{"reason":"r"}""",
            _ when op.BodySchema is null => null,
            _ => throw new InvalidOperationException($"No body template for {op.OperationId}: add one."),
        };
    }

    /// <summary>The members the document requires that a body lacks, by path, so that a template cannot fall behind the schema.</summary>
    private static IEnumerable<string> MissingRequired(JsonObject body, JsonObject schema, JsonObject document, string prefix)
    {
        foreach (var name in (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()))
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (!body.ContainsKey(name)) yield return path;
            else if (body[name] is JsonObject nested && schema["properties"]?[name] is { } memberSchema)
                foreach (var missing in MissingRequired(nested, Resolve(document, memberSchema), document, path)) yield return missing;
        }
    }

    /// <summary>Each scalar of the body with its schema type ("string", "number", "integer", "boolean", "uuid", "enum", "date").</summary>
    private static IEnumerable<(string Path, string Kind)> Leaves(JsonObject body, JsonObject schema, JsonObject document, string prefix)
    {
        var properties = schema["properties"]?.AsObject();
        foreach (var (name, value) in body)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            var propertySchema = properties?[name] is { } s ? Resolve(document, s) : new JsonObject();
            if (value is JsonObject nested)
            {
                yield return (path, "object");
                foreach (var leaf in Leaves(nested, propertySchema, document, path)) yield return leaf;
                continue;
            }
            var type = propertySchema["type"]?.ToString() ?? "";
            var format = propertySchema["format"]?.GetValue<string>();
            var kind = format == "uuid" ? "uuid" : propertySchema["enum"] is not null ? "enum" : format == "date" ? "date"
                : type.Contains("integer") ? "integer" : type.Contains("number") ? "number" : type.Contains("boolean") ? "boolean"
                : value?.GetValueKind() switch
                {
                    JsonValueKind.Number => "number",
                    JsonValueKind.True or JsonValueKind.False => "boolean",
                    _ => "string",
                };
            yield return (path, kind);
        }
    }

    private static IEnumerable<string> WrongTypes(string kind) => kind switch
    {
        "number" or "integer" => ["\"12\"", "true", "[1]", "{}", "\"NaN\"", "\"Infinity\""],
        "boolean" => ["\"true\"", "1", "[]"],
        "uuid" => ["\"not-a-guid\"", "123", "\"00000000-0000-0000-0000-00000000000g\""],
        "enum" => ["\"not_a_value\"", "0", "\"replenishment_x\"", "\"\""],
        "date" => ["\"2026-02-30\"", "\"yesterday\"", "20260101"],
        "object" => ["\"x\"", "[]", "42"],
        _ => ["12", "true", "[\"a\"]", "{\"$gt\":\"\"}"],
    };

    private static string Set(JsonObject body, string path, JsonNode? value, string? rawNumber = null)
    {
        var copy = body.DeepClone().AsObject();
        var parts = path.Split('.');
        var target = copy;
        foreach (var part in parts[..^1]) target = target[part]!.AsObject();
        target[parts[^1]] = rawNumber is null ? value : JsonValue.Create("__RAW__");
        var text = copy.ToJsonString();
        return rawNumber is null ? text : text.Replace("\"__RAW__\"", rawNumber);
    }

    private static string Deep(int depth) => "{\"reason\":" + new string('[', depth) + new string(']', depth) + "}";

    private static byte[] InvalidUtf8In(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        var quote = bytes.IndexOf((byte)':') + 2; // inside the first string value (or just after the first colon)
        bytes.InsertRange(Math.Min(quote, bytes.Count - 1), new byte[] { 0xc0, 0xaf, 0xff });
        return bytes.ToArray();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static string FillPath(string template, Ids ids, Random random, Func<string, string?> value) =>
        System.Text.RegularExpressions.Regex.Replace(template, "{([^}:]+)(:[^}]*)?}",
            m => value(m.Groups[1].Value) ?? ids.Existing(m.Groups[1].Value) ?? Guid.NewGuid().ToString());

    // ---------------------------------------------------------------- resources the paths can name

    private sealed class Ids
    {
        public Dictionary<string, Guid> ByParameter { get; } = [];

        public string? Existing(string parameter) => parameter switch
        {
            "code" or "regionCode" => Hohhot,
            _ => ByParameter.TryGetValue(parameter, out var id) ? id.ToString() : null,
        };

        public IEnumerable<(string Type, Guid Id)> OfOtherTypes(string template) =>
            ByParameter.Where(p => !template.Contains("{" + p.Key)).Select(p => (p.Key.Replace("Id", ""), p.Value));
    }

    /// <summary>One resource of each type, so that paths can name existing ids (of the right type and of others).</summary>
    private static async Task<Ids> SeedResourcesAsync(ApiClient api)
    {
        var ids = new Ids();
        var load = new LedgerWorkload(api, 1, "hostile-seed", _ => { });
        await load.SeedAsync(1, [Hohhot]);
        var lot = load.Lots[0];
        ids.ByParameter["lotId"] = lot;
        ids.ByParameter["projectId"] = load.Records.First(r => r.Operation == "register").Final.CommandResult().Id;
        ids.ByParameter["applicationId"] = load.Records.First(r => r.Operation == "submit").Final.CommandResult().Id;

        async Task<Guid> Post(string path, string token, string body)
        {
            var outcome = await api.PostAsync(path, token, body, Guid.NewGuid().ToString());
            Assert.True(outcome.IsSuccess, $"seeding {path}: {outcome}");
            return outcome.CommandResult().Id;
        }
        var measures = "{\"area\":1,\"grainCapacity\":100,\"paddyArea\":0}";
        ids.ByParameter["transferId"] = await Post("/api/v1/transfers", Tokens.County(Hohhot),
            $$"""{"from":"{{Hohhot}}","to":"150103","kind":"replenishment","amount":{{measures}},"reason":"r"}""");
        ids.ByParameter["freezeId"] = await Post("/api/v1/freezes", Tokens.Centre(),
            $$"""{"holder":"{{Hohhot}}","kind":"replenishment","reason":"r","lotId":"{{lot}}","amount":{{measures}}}""");
        ids.ByParameter["linkId"] = await Post("/api/v1/links", Tokens.County(Hohhot),
            $$"""{"county":"{{Hohhot}}","kind":"replenishment","approvalReference":"A-1","occupied":{{measures}},"reason":"r","occupationType":"non_farm_construction"}""");
        ids.ByParameter["deductionId"] = await Post("/api/v1/deductions", Tokens.Centre(),
            $$"""{"county":"{{Hohhot}}","kind":"replenishment","amount":{{measures}},"commitmentReference":"C-1","reason":"r"}""");
        return ids;
    }
}
