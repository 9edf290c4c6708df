using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QuotaLedger.Application.Shared;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// The service's telemetry through OpenTelemetry. Metrics in Prometheus's text format at <c>GET /metrics</c>: the
/// ledger's commands and command groups (meter <see cref="CommandGroups.MeterName"/>), Marten's (the async daemon's gap
/// behind the events, <c>marten_ledgertotals_all_gap</c>, among them) and ASP.NET Core's requests. Not Npgsql's meter,
/// one for the whole process: with it, a run of the API tests (many service hosts in one process) once found the ledger's
/// series missing from a host's scrape; whether it was the cause is not settled. Like the health endpoints it needs no token, and tells nothing of the ledger's content: counts and
/// durations only. Traces of requests, with Marten's and Npgsql's spans inside them, are exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a collector (the
/// metrics then go there too); with no collector no trace is recorded (unless <see cref="TracesSetting"/> asks for them),
/// so nothing is spent on them.
/// </summary>
public static class Metrics
{
    public const string Path = "/metrics";

    /// <summary>Records traces with no collector configured, for an exporter added otherwise (a test's, an agent's).</summary>
    public const string TracesSetting = "Telemetry:Traces";

    /// <summary>Marten's activity source and meter; Npgsql's spans come with <c>AddNpgsql</c>.</summary>
    public const string MartenSource = "Marten";

    public static void AddLedgerMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        var collector = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("quotaledger"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CommandGroups.MeterName, MartenSource)
                    // Its gauge exists once it is made; nothing else asks for it.
                    .AddInstrumentation(provider => provider.GetRequiredService<OpenItems>())
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter();
                if (collector) metrics.AddOtlpExporter();
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
