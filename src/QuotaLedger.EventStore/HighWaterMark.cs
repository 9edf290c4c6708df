using Npgsql;

namespace QuotaLedger.EventStore;

/// <summary>
/// Finds the highest sequence number below which every event is either committed and visible or will never exist,
/// so that asynchronous readers never jump over an event whose transaction is still in flight.
/// </summary>
/// <remarks>
/// Sequence numbers are drawn before commit, so seq 101 can be visible while 100 is still being written. A hole is
/// skipped only once every transaction that was running when the hole was first seen has ended: appends take their
/// stream lock (and so a transaction id) before they draw a sequence number, so the writer of the hole was among
/// them, and if its event is still missing after they all ended, it rolled back and the hole is permanent.
/// </remarks>
public sealed class HighWaterMark(NpgsqlDataSource dataSource)
{
    public const string ProgressName = "HighWaterMark";
    private const int Window = 10_000;

    private (long Hole, long SnapshotXmax)? suspectedHole;

    public async Task<long> AdvanceAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var mark = await ReadMarkAsync(connection, ct);
        while (true)
        {
            // One statement, one snapshot: the visible sequence numbers after the mark and the transaction horizon.
            await using var cmd = new NpgsqlCommand("""
                SELECT ARRAY(SELECT seq_id FROM ql_events WHERE seq_id > $1 ORDER BY seq_id LIMIT $2),
                       pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
                       pg_snapshot_xmax(pg_current_snapshot())::text::bigint
                """, connection);
            cmd.Parameters.AddWithValue(mark);
            cmd.Parameters.AddWithValue(Window);
            long[] visible; long xmin, xmax;
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                visible = reader.GetFieldValue<long[]>(0);
                xmin = reader.GetInt64(1);
                xmax = reader.GetInt64(2);
            }

            var next = mark;
            foreach (var seq in visible)
            {
                if (seq != next + 1)
                {
                    var hole = next + 1;
                    if (suspectedHole is { } known && known.Hole == hole && xmin >= known.SnapshotXmax)
                    {
                        next = seq; // every writer that could fill the hole has ended: it never will
                        suspectedHole = null;
                        continue;
                    }
                    if (suspectedHole?.Hole != hole) suspectedHole = (hole, xmax);
                    break;
                }
                next = seq;
            }

            if (next > mark) await SaveMarkAsync(connection, mark, next, ct);
            var blockedOrDone = next == mark || visible.Length < Window || next < visible[^1];
            mark = next;
            if (blockedOrDone) return mark;
        }
    }

    private static async Task<long> ReadMarkAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT last_seq_id FROM ql_progress WHERE name = $1", connection);
        cmd.Parameters.AddWithValue(ProgressName);
        return await cmd.ExecuteScalarAsync(ct) is long mark ? mark : 0;
    }

    private static async Task SaveMarkAsync(NpgsqlConnection connection, long previous, long mark, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO ql_progress (name, last_seq_id, last_updated) VALUES ($1, $2, now())
            ON CONFLICT (name) DO UPDATE SET last_seq_id = GREATEST(ql_progress.last_seq_id, excluded.last_seq_id), last_updated = now()
            """, connection);
        cmd.Parameters.AddWithValue(ProgressName);
        cmd.Parameters.AddWithValue(Math.Max(previous, mark));
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
