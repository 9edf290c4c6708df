using Npgsql;
using QuotaLedger.EventStore;

namespace QuotaLedger.Application.ReadModels;

/// <summary>
/// Region-wide totals per kind and bucket, built asynchronously behind the high-water mark: the figures the centre
/// checks the ledger's balance equation against, without summing every holder on each read.
/// </summary>
public sealed class LedgerTotalsProjection : IAsyncProjection
{
    public string Name => "LedgerTotals";

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var totals = Journal.Totals(Journal.LinesOf(events), l => (l.Kind, l.Bucket)).OrderBy(t => t.Key).ToArray();
        if (totals.Length == 0) return;
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO ql_ledger_totals AS t (kind, bucket, area, grain, paddy)
            SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[])
            ON CONFLICT (kind, bucket) DO UPDATE
                SET area = t.area + excluded.area, grain = t.grain + excluded.grain, paddy = t.paddy + excluded.paddy
            """, connection, transaction);
        cmd.Parameters.AddWithValue(totals.Select(t => t.Key.Kind).ToArray());
        cmd.Parameters.AddWithValue(totals.Select(t => t.Key.Bucket).ToArray());
        cmd.Parameters.AddWithValue(totals.Select(t => t.Total.Area).ToArray());
        cmd.Parameters.AddWithValue(totals.Select(t => t.Total.GrainCapacity).ToArray());
        cmd.Parameters.AddWithValue(totals.Select(t => t.Total.PaddyArea).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task ClearAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var cmd = new NpgsqlCommand("DELETE FROM ql_ledger_totals", connection, transaction);
        await cmd.ExecuteNonQueryAsync();
    }
}
