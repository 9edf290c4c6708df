using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using QuotaLedger.Store;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// How far each async projection is behind the last event, from the progress Marten's daemon records (one instance
/// runs it, so every instance reads the same figures). Degraded when one is more than <see cref="MaxLag"/> events behind.
/// </summary>
public sealed class AsyncProjectionsHealthCheck(NpgsqlDataSource dataSource, IDocumentStore store) : IHealthCheck
{
    public const long MaxLag = 1_000;

    /// <summary>Every module's async projections, as Marten has them registered.</summary>
    private string[] Projections => store.Options.Events.Projections()
        .Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => p.Name).Order().ToArray();

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
