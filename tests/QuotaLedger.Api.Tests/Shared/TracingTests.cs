using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry;
using OpenTelemetry.Trace;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// With traces recorded (a collector configured), a request is one trace: ASP.NET Core's span, and inside it the spans of Marten's
/// connections and of Npgsql's statements that deciding it took.
[Collection(TelemetryTests.Collection)]
public sealed class TracingTests(TracingTests.Traced api) : IClassFixture<TracingTests.Traced>
{
    public sealed class Traced : LedgerApi
    {
        private readonly List<Activity> spans = [];

        public Activity[] Spans()
        {
            lock (spans) return [.. spans];
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Traces as with a collector, exported to memory instead.
            builder.UseSetting(Api.Shared.Metrics.TracesSetting, "true");
            builder.ConfigureTestServices(services =>
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(new Kept(spans)))));
        }

        /// <summary>Keeps the spans under a lock: they end on many threads at once (the in-memory exporter's list has none).</summary>
        private sealed class Kept(List<Activity> spans) : BaseExporter<Activity>
        {
            public override ExportResult Export(in Batch<Activity> batch)
            {
                lock (spans)
                    foreach (var span in batch) spans.Add(span);
                return ExportResult.Success;
            }
        }
    }

    [Fact]
    public async Task A_command_is_one_trace_with_the_database_work_inside_it()
    {
        await api.IssueLotAsync("150502", QuotaKind.LinkageSurplus, Area(4));

        var response = await api.Centre("alice").PostJsonAsync($"{Transfers}/direct", TransferBody("150502", "150521", QuotaKind.LinkageSurplus, Area(1)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var spans = api.Spans();
            var request = spans.LastOrDefault(s => s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName == "POST /api/v1/transfers/direct");
            var inside = request is null ? [] : spans.Where(s => s.TraceId == request.TraceId).Select(s => s.Source.Name).ToHashSet();
            if (inside.Contains("Npgsql") && inside.Contains("Marten")) break;
            Assert.True(DateTime.UtcNow < deadline,
                $"no request span with Marten's and Npgsql's inside it; spans: {string.Join(", ", spans.Select(s => $"{s.Source.Name}:{s.DisplayName}").Distinct().Take(30))}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Health_and_metrics_are_not_traced()
    {
        await api.Anonymous().GetAsync("/health/live");
        await api.Anonymous().GetAsync("/metrics");

        Assert.DoesNotContain(api.Spans(), s => s.Source.Name == "Microsoft.AspNetCore"
                                                && (s.DisplayName.Contains("/health") || s.DisplayName.Contains("/metrics")));
    }
}
