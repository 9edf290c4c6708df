using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QuotaLedger.Application.Shared;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// The service's telemetry through OpenTelemetry. Metrics in Prometheus's text format at <c>GET /metrics</c>: the
/// ledger's (meter <see cref="CommandGroups.MeterName"/>: commands and command groups, the open items, trading's closes
/// and defaults), Marten's (the async daemon's gap behind the events, <c>marten_ledgertotals_all_gap</c>, among them),
/// Npgsql's (its connection pools, named by their connection strings without the password) and ASP.NET Core's requests. Like the health endpoints it needs no token, and tells
/// nothing of the ledger's content: counts and durations only. Traces of requests, with Marten's and Npgsql's spans
/// inside them, are exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a collector (the metrics then go
/// there too); with no collector no trace is recorded (unless <see cref="TracesSetting"/> asks for them), so nothing is
/// spent on them.
/// </summary>
/// <remarks>
/// A meter provider listens to meters by name, process-wide, and merges instruments of the same meter and instrument
/// names into one series. With several hosts in one process (the API tests), each host's provider took in every other
/// host's ledger meter too (made by that host's <see cref="IMeterFactory"/>), so a host counted other hosts' commands;
/// and when another host stopped and its meters were disposed, the merged series went with them: the next scrape of a
/// host still running lacked the ledger's series. That, not Npgsql's meter (the loss showed without it), was the
/// missing series the API tests once saw. So each provider drops the instruments of meters another host's factory made.
/// </remarks>
public static class Metrics
{
    public const string Path = "/metrics";

    /// <summary>Records traces with no collector configured, for an exporter added otherwise (a test's, an agent's).</summary>
    public const string TracesSetting = "Telemetry:Traces";

    /// <summary>Marten's activity source and meter; Npgsql's spans come with <c>AddNpgsql</c>.</summary>
    public const string MartenSource = "Marten";

    /// <summary>Npgsql's meter: one for the process, whose pools it reports by their names.</summary>
    public const string NpgsqlSource = "Npgsql";

    public static void AddLedgerMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        var collector = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("quotaledger"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CommandGroups.MeterName, MartenSource, NpgsqlSource)
                    // Its gauge exists once it is made; nothing else asks for it.
                    .AddInstrumentation(provider => provider.GetRequiredService<OpenItems>())
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter();
                if (collector) metrics.AddOtlpExporter();
                // Meters made by another host's factory (several hosts in one process: the API tests) are not this host's.
                ((IDeferredMeterProviderBuilder)metrics).Configure((provider, own) =>
                {
                    var factory = provider.GetRequiredService<IMeterFactory>();
                    own.AddView(instrument =>
                        instrument.Meter.Scope is IMeterFactory scope && scope != factory ? MetricStreamConfiguration.Drop : null);
                });
            });
        if (collector || configuration.GetValue<bool>(TracesSetting)) telemetry.WithTracing(tracing =>
        {
            tracing.AddAspNetCoreInstrumentation(o => o.Filter = http =>
                    !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments(Path))
                .AddSource(MartenSource)
                .AddNpgsql();
            if (collector) tracing.AddOtlpExporter();
        });
    }

    public static void MapLedgerMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint(Path);
}
