using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>What an orchestrator probes, without a token: the process, and whether the service can serve.</summary>
public sealed class HealthTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task Liveness_answers_without_a_token_and_runs_no_check()
    {
        var response = await api.Anonymous().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_reports_the_database_the_schema_and_how_far_the_async_projections_lag()
    {
        await api.County("150102").RegisterProjectAsync("150102", QuotaKind.LinkageSurplus, Area(2));

        var ready = await WhenCaughtUpAsync();

        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var entries = ready.GetProperty("entries");
        foreach (var check in new[] { "database", "schema", "async-projections", "HighWaterHealthCheck" })
            Assert.Equal("Healthy", entries.GetProperty(check).GetProperty("status").GetString());
        var lag = entries.GetProperty("async-projections").GetProperty("data");
        Assert.True(lag.GetProperty("latest sequence").GetInt64() > 0);
        Assert.Equal(0, lag.GetProperty("LedgerTotals lag (events)").GetInt64());
        Assert.Equal(0, lag.GetProperty("Sealer lag (events)").GetInt64());
    }

    private async Task<System.Text.Json.JsonElement> WhenCaughtUpAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await api.Anonymous().GetAsync("/health/ready");
            var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var lag = body.GetProperty("entries").GetProperty("async-projections").GetProperty("data");
            if (response.StatusCode == HttpStatusCode.OK && lag.GetProperty("Sealer lag (events)").GetInt64() == 0
                && lag.GetProperty("LedgerTotals lag (events)").GetInt64() == 0 || DateTime.UtcNow > deadline)
                return body;
            await Task.Delay(100);
        }
    }
}
