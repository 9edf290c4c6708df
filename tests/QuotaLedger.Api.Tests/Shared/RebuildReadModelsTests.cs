using Npgsql;
using QuotaLedger.Api.Shared.Commands;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// <c>./run.sh rebuild-read-models</c> on a ledger kept before the oversight module: its progress and lot routes start
/// empty, and the rebuild fills them from the events, leaving every other read model as it was, Marten's tombstones
/// among the events included.
/// </summary>
public sealed class RebuildReadModelsTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Xincheng = "150102", Huimin = "150103", Donghe = "150202";

    [Fact]
    public async Task A_ledger_kept_before_oversight_gets_its_progress_and_home_balance_from_the_events()
    {
        var centre = api.Centre();
        await api.IssueLotAsync(Xincheng, QuotaKind.Replenishment, Replenishment(10, 1000, 1));
        await api.IssueLotAsync(Donghe, QuotaKind.Replenishment, Replenishment(20, 2000, 2));
        await centre.ApproveTransferAsync(await api.County(Donghe).ProposeTransferAsync(Donghe, Huimin, QuotaKind.Replenishment,
            Replenishment(5, 500, 0), "bought from Baotou"));
        var link = await api.County(Xincheng).LinkAsync(Xincheng, QuotaKind.Replenishment, "XC-9", Replenishment(4, 400, 0));
        await api.County(Xincheng).WriteOffAsync(link);
        var asOf = Uri.EscapeDataString(api.Clock.Now.ToString("O"));
        var reports = new[]
        {
            $"/api/v1/oversight/progress?period={api.Clock.Today.Year}&asOf={asOf}",
            $"/api/v1/oversight/home-balance?prefecture=150100&asOf={asOf}",
            $"/api/v1/holders/{Huimin}/balances?asOf={asOf}",
            $"/api/v1/holders/{Xincheng}/lots",
        };
        var before = await ReadAllAsync(centre, reports);

        await using (var dataSource = NpgsqlDataSource.Create(api.ConnectionString))
        {
            // A tombstone, as Marten fills a failed append's sequence numbers with (a command that gave way to a lock,
            // say): in a stream of no type, at a version equal to its sequence number, no data. No read model reads it.
            await using (var tombstone = dataSource.CreateCommand("""
                             WITH stream AS (INSERT INTO mt_streams (id, version, tenant_id) VALUES (gen_random_uuid(), 0, '*DEFAULT*') RETURNING id),
                                  seq AS (SELECT nextval('mt_events_sequence') AS n)
                             INSERT INTO mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
                             SELECT n, gen_random_uuid(), stream.id, n, '{}', 'tombstone', '-infinity', '*DEFAULT*', 'JasperFx.Events.Tombstone, JasperFx.Events'
                             FROM stream, seq
                             """))
                await tombstone.ExecuteNonQueryAsync();
            // The oversight module's tables as a release before it left them: there, but empty.
            await using var empty = dataSource.CreateCommand("TRUNCATE ql_plan_issuance, ql_lot_routes");
            await empty.ExecuteNonQueryAsync();
        }
        Assert.NotEqual(before, await ReadAllAsync(centre, reports));

        Assert.Equal(0, await RebuildReadModelsCommand.RunAsync(api.ConnectionString, LedgerApi.Keys));

        Assert.Equal(before, await ReadAllAsync(centre, reports));
        Assert.Empty(await api.VerifyAsync());
    }

    private static async Task<string[]> ReadAllAsync(HttpClient client, IEnumerable<string> paths) =>
        await Task.WhenAll(paths.Select(client.GetStringAsync));
}
