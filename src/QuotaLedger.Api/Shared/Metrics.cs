using OpenTelemetry.Metrics;
using QuotaLedger.Application.Shared;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// The service's metrics in Prometheus's text format at <c>GET /metrics</c>, through OpenTelemetry: the command groups
/// (meter <see cref="CommandGroups.MeterName"/>) and ASP.NET Core's own request metrics. Like the health endpoints it
/// needs no token, and tells nothing of the ledger's content: counts and durations only.
/// </summary>
public static class Metrics
{
    public const string Path = "/metrics";

    public static void AddLedgerMetrics(this IServiceCollection services) =>
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(CommandGroups.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());

    public static void MapLedgerMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint(Path);
}
