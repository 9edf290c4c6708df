using System.Net;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Api.Shared.Commands;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Ledger;

/// <summary>
/// asOf balances read from the latest snapshot before the instant plus the lines after it: the same answer as summing
/// the whole journal, across snapshots and for lines that committed after a snapshot of a later instant.
/// </summary>
public sealed class BalanceSnapshotTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Surplus = QuotaKind.LinkageSurplus;
    private const string From = "150602", To = "150603";

    [Fact]
    public async Task AsOf_balances_equal_the_journal_summed_up_to_the_instant_across_snapshots_and_late_lines()
    {
        var centre = api.Centre();
        var instants = new List<DateTimeOffset> { api.Clock.Now };
        await api.IssueLotAsync(From, Surplus, Area(1000));
        var transfers = 2 * LedgerProjection.SnapshotEvery + 8;
        for (var i = 0; i < transfers; i++)
        {
            // Halfway through the clock goes back an hour: the lines after it are older than snapshots already taken.
            api.Clock.Advance(i == transfers / 2 + 20 ? TimeSpan.FromMinutes(-60) : TimeSpan.FromMinutes(1));
            var transfer = TransferBody(From, To, Surplus, Area(1));
            await (await centre.PostJsonAsync($"{Transfers}/direct", transfer)).ReadAsync<CommandResult>(HttpStatusCode.Created);
            instants.Add(api.Clock.Now);
            instants.Add(api.Clock.Now.AddSeconds(30));
        }

        Assert.True(await api.ScalarAsync<long>("SELECT count(*) FROM ql_balance_snapshots WHERE holder = $1", To) >= 2);
        // Lines at or before the first snapshot's instant, written after the line it was taken at: late lines.
        Assert.True(await api.ScalarAsync<long>("""
            SELECT count(*) FROM ql_journal j, (SELECT min(at) AS at FROM ql_balance_snapshots WHERE holder = $1) s
            WHERE j.holder = $1 AND j.timestamp <= s.at
              AND j.seq_id > (SELECT min(seq_id) FROM ql_journal k WHERE k.holder = $1 AND k.timestamp = s.at)
            """, To) > 0);
        await AssertAsOfEqualsJournalAsync(centre, instants);

        // A rebuild replays the events in large batches: it takes the snapshots the commands took, one by one.
        const string snapshots = "SELECT count(*) FROM ql_balance_snapshots";
        var taken = await api.ScalarAsync<long>(snapshots);
        Assert.Equal(0, await RebuildReadModelsCommand.RunAsync(api.ConnectionString, LedgerApi.Keys));
        Assert.Equal(taken, await api.ScalarAsync<long>(snapshots));
        await AssertAsOfEqualsJournalAsync(centre, instants);
    }

    private async Task AssertAsOfEqualsJournalAsync(HttpClient centre, IEnumerable<DateTimeOffset> instants)
    {
        foreach (var holder in new[] { From, To })
        foreach (var instant in instants)
            Assert.Equal(await JournalSumAsync(holder, instant), await centre.BalanceAsync(holder, Surplus, instant));
    }

    private async Task<BucketTotals> JournalSumAsync(string holder, DateTimeOffset asOf)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT kind, bucket, sum(area), sum(grain), sum(paddy) FROM ql_journal WHERE holder = $1 AND timestamp <= $2 GROUP BY kind, bucket
            """, connection);
        cmd.Parameters.AddWithValue(holder);
        cmd.Parameters.Add(new NpgsqlParameter { Value = asOf.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return (await BucketRows.ReadAsync(cmd, CancellationToken.None))[Surplus];
    }
}
