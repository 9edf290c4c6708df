using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Weasel.Core;

namespace QuotaLedger.Api.Shared;

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
