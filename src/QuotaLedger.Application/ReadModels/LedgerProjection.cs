using Npgsql;
using QuotaLedger.Domain.Lots;
using QuotaLedger.EventStore;

namespace QuotaLedger.Application.ReadModels;

/// <summary>
/// Turns lot events into journal lines, holder balances and the table of drawable lots, in the appending transaction.
/// Every figure follows from the events alone (<see cref="LotEvent.Entries"/>).
/// </summary>
public sealed class LedgerProjection : IInlineProjection
{
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var lines = Journal.LinesOf(events);
        if (lines.Count == 0) return;

        await using var batch = new NpgsqlBatch(connection, transaction);

        var journal = new NpgsqlBatchCommand("""
            INSERT INTO ql_journal (seq_id, bucket, lot_id, holder, kind, area, grain, paddy, timestamp)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::timestamptz[])
            """);
        journal.Parameters.AddWithValue(lines.Select(l => l.Sequence).ToArray());
        journal.Parameters.AddWithValue(lines.Select(l => l.Bucket).ToArray());
        journal.Parameters.AddWithValue(lines.Select(l => l.LotId).ToArray());
        journal.Parameters.AddWithValue(lines.Select(l => l.Holder).ToArray());
        journal.Parameters.AddWithValue(lines.Select(l => l.Kind).ToArray());
        journal.Parameters.AddWithValue(lines.Select(l => l.Change.Area).ToArray());
        journal.Parameters.AddWithValue(lines.Select(l => l.Change.GrainCapacity).ToArray());
        journal.Parameters.AddWithValue(lines.Select(l => l.Change.PaddyArea).ToArray());
        journal.Parameters.AddWithValue(lines.Select(l => l.Timestamp).ToArray());
        batch.BatchCommands.Add(journal);

        // Rows are upserted in key order so that concurrent commands on one holder never deadlock on them.
        var balances = Journal.Totals(lines, l => (l.Holder, l.Kind, l.Bucket)).OrderBy(t => t.Key).ToArray();
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO ql_balances AS b (holder, kind, bucket, area, grain, paddy)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[])
            ON CONFLICT (holder, kind, bucket) DO UPDATE
                SET area = b.area + excluded.area, grain = b.grain + excluded.grain, paddy = b.paddy + excluded.paddy
            """);
        upsert.Parameters.AddWithValue(balances.Select(b => b.Key.Holder).ToArray());
        upsert.Parameters.AddWithValue(balances.Select(b => b.Key.Kind).ToArray());
        upsert.Parameters.AddWithValue(balances.Select(b => b.Key.Bucket).ToArray());
        upsert.Parameters.AddWithValue(balances.Select(b => b.Total.Area).ToArray());
        upsert.Parameters.AddWithValue(balances.Select(b => b.Total.GrainCapacity).ToArray());
        upsert.Parameters.AddWithValue(balances.Select(b => b.Total.PaddyArea).ToArray());
        batch.BatchCommands.Add(upsert);

        foreach (var opened in events.Where(e => e.Data is LotIssued or LotReceived))
        {
            var lot = (LotEvent)opened.Data;
            var open = new NpgsqlBatchCommand("""
                INSERT INTO ql_lots (id, holder, kind, origin_county, created_seq, available_area, available_grain, available_paddy)
                VALUES ($1, $2, $3, $4, $5, 0, 0, 0)
                """);
            open.Parameters.AddWithValue(lot.LotId);
            open.Parameters.AddWithValue(lot.Holder);
            open.Parameters.AddWithValue(Journal.KindName(lot.Kind));
            open.Parameters.AddWithValue(opened.Data switch
            {
                LotIssued i => i.Provenance.OriginCounty,
                LotReceived r => r.Provenance.OriginCounty,
                _ => throw new InvalidOperationException(),
            });
            open.Parameters.AddWithValue(opened.Sequence);
            batch.BatchCommands.Add(open);
        }

        var available = Journal.Totals(lines.Where(l => l.Bucket == Journal.BucketName(Bucket.Available)), l => l.LotId)
            .OrderBy(t => t.Key).ToArray();
        var lots = new NpgsqlBatchCommand("""
            UPDATE ql_lots l SET available_area = l.available_area + u.area, available_grain = l.available_grain + u.grain,
                                 available_paddy = l.available_paddy + u.paddy
            FROM unnest($1::uuid[], $2::numeric[], $3::numeric[], $4::numeric[]) AS u (id, area, grain, paddy)
            WHERE l.id = u.id
            """);
        lots.Parameters.AddWithValue(available.Select(a => a.Key).ToArray());
        lots.Parameters.AddWithValue(available.Select(a => a.Total.Area).ToArray());
        lots.Parameters.AddWithValue(available.Select(a => a.Total.GrainCapacity).ToArray());
        lots.Parameters.AddWithValue(available.Select(a => a.Total.PaddyArea).ToArray());
        batch.BatchCommands.Add(lots);

        await batch.ExecuteNonQueryAsync(ct);
    }
}
