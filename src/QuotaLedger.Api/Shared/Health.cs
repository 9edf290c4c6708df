using HealthChecks.UI.Client;
using Marten.Events.Daemon;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Npgsql;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// <c>/health/live</c>: the process answers (no check runs). <c>/health/ready</c>: the database answers, the schema is
/// applied, and the async daemon is running and how far behind it is; 503 when any of these is unhealthy.
/// </summary>
public static class Health
{
    private const string Ready = "ready";

    public static void AddLedgerHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddNpgSql(provider => provider.GetRequiredService<NpgsqlDataSource>(), name: "database", tags: [Ready],
                timeout: TimeSpan.FromSeconds(5))
            .AddCheck<SchemaHealthCheck>("schema", tags: [Ready])
            .AddCheck<AsyncProjectionsHealthCheck>("async-projections", tags: [Ready])
            // A high-water mark that stops while events keep coming means the daemon's leader died.
            .AddMartenHighWaterHealthCheck(staleThreshold: TimeSpan.FromSeconds(30));

    public static void MapLedgerHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready) || check.Tags.Contains("Marten"),
            ResponseWriter = UIResponseWriter.WriteHealthCheckUIResponse,
        });
    }
}
