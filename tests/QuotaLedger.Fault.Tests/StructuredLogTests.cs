using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using QuotaLedger.Fault.Tests.Support;

namespace QuotaLedger.Fault.Tests;

/// <summary>
/// The service's logs as operators' tools read them: one JSON object a line, each line of a request carrying the
/// request's correlation id, and a refusal logged by its rule, not by its message (which names holders, amounts and
/// bank references).
/// </summary>
public sealed class StructuredLogTests
{
    [Fact]
    public async Task Logs_are_json_lines_with_the_correlation_id_of_each_request_and_no_refusal_message()
    {
        await using var db = await TestDatabase.CreateAsync();
        // The service's own configuration (appsettings.json), at the level that logs each request.
        await using var service = await ServiceProcess.StartAsync("logs", db.ServiceConnectionString, new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__LogLevel__Default"] = "Information",
        });
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        var correlation = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transfers/direct")
        {
            Content = new StringContent(
                """{"from":"150102","to":"150103","kind":"replenishment","amount":{"area":5,"grainCapacity":2500,"paddyArea":0},"reason":"log test"}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Centre());
        request.Headers.Add("X-Correlation-Id", correlation.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await http.SendAsync(request)).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        string[] mine;
        while ((mine = service.Output.Where(line => line.Contains(correlation.ToString())).ToArray()).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no line names the request's correlation id:\n{service.RecentOutput()}");
            await Task.Delay(100);
        }

        foreach (var line in service.Output.Where(l => l.StartsWith('{')))
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind);
        Assert.DoesNotContain(service.Output, line => line.StartsWith("info:") || line.StartsWith("fail:"));
        var refused = Assert.Single(mine, line => line.Contains("refused"));
        var entry = JsonDocument.Parse(refused).RootElement;
        Assert.Contains(entry.GetProperty("Scopes").EnumerateArray(),
            scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("CorrelationId", out var id) && id.GetString() == correlation.ToString());
        Assert.Equal("InsufficientQuota", entry.GetProperty("State").GetProperty("Refusal").GetString());
        Assert.DoesNotContain("lacks", refused);
    }
}
