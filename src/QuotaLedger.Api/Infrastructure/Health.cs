using HealthChecks.UI.Client;
using Marten;
using Marten.Events.Daemon;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using QuotaLedger.Application.ReadModels;
using QuotaLedger.EventStore;
using Weasel.Core;

namespace QuotaLedger.Api.Infrastructure;

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

/// <summary>Healthy once Marten's migration finds nothing left to apply; the schema never goes back.</summary>
public sealed class SchemaHealthCheck(IDocumentStore store) : IHealthCheck
{
    private volatile bool applied;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        if (applied) return HealthCheckResult.Healthy("The schema is applied.");
        var migration = await store.Storage.Database.CreateMigrationAsync(ct);
        if (migration.Difference != SchemaPatchDifference.None)
            return HealthCheckResult.Unhealthy(
                $"The schema is not applied yet ({migration.Deltas.Count(d => d.Difference != SchemaPatchDifference.None)} objects differ).");
        applied = true;
        return HealthCheckResult.Healthy("The schema is applied.");
    }
}

/// <summary>
/// How far each async projection is behind the last event, from the progress Marten's daemon records (one instance
/// runs it, so every instance reads the same figures). Degraded when one is more than <see cref="MaxLag"/> events behind.
/// </summary>
public sealed class AsyncProjectionsHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public const long MaxLag = 1_000;
    private static readonly string[] Projections = [LedgerTotalsProjection.Name, Sealer.Name];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT (SELECT coalesce(max(seq_id), 0) FROM {MartenSetup.Schema}.mt_events),
                   p.name, coalesce(g.last_seq_id, 0)
            FROM unnest($1::text[]) AS p (name)
            LEFT JOIN {MartenSetup.Schema}.mt_event_progression g ON g.name = p.name
            """);
        cmd.Parameters.AddWithValue(Projections.Select(p => $"{p}:All").Prepend("HighWaterMark").ToArray());
        var data = new Dictionary<string, object>();
        long latest = 0, worst = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                latest = reader.GetInt64(0);
                var lag = latest - reader.GetInt64(2);
                data[$"{reader.GetString(1).Split(':')[0]} lag (events)"] = lag;
                worst = Math.Max(worst, lag);
            }
        data["latest sequence"] = latest;
        return worst > MaxLag
            ? HealthCheckResult.Degraded($"An async projection is {worst} events behind the last event.", data: data)
            : HealthCheckResult.Healthy($"The async projections are at most {worst} events behind.", data);
    }
}
