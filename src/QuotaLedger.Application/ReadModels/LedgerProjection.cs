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

        // A missing row is first created at zero, then the rows are locked in key order (so that concurrent commands on
        // one holder never deadlock on them) and changed. One upsert would not do: PostgreSQL checks the row to be
        // inserted, the bare change, against the CHECK on available, frozen and reserved before ON CONFLICT merges it,
        // so every decrease would be refused.
        var balances = Journal.Totals(lines, l => (l.Holder, l.Kind, l.Bucket)).ToArray();
        var create = new NpgsqlBatchCommand("""
            INSERT INTO ql_balances (holder, kind, bucket, area, grain, paddy)
            SELECT holder, kind, bucket, 0, 0, 0 FROM unnest($1::text[], $2::text[], $3::text[]) AS u (holder, kind, bucket)
            ORDER BY holder, kind, bucket
            ON CONFLICT (holder, kind, bucket) DO NOTHING
            """);
        var lockRows = new NpgsqlBatchCommand("""
            SELECT 1 FROM ql_balances
            WHERE (holder, kind, bucket) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))
            ORDER BY holder, kind, bucket FOR UPDATE
            """);
        var update = new NpgsqlBatchCommand("""
            UPDATE ql_balances b SET area = b.area + u.area, grain = b.grain + u.grain, paddy = b.paddy + u.paddy
            FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[])
                AS u (holder, kind, bucket, area, grain, paddy)
            WHERE b.holder = u.holder AND b.kind = u.kind AND b.bucket = u.bucket
            """);
        foreach (var command in new[] { create, lockRows, update })
        {
            command.Parameters.AddWithValue(balances.Select(b => b.Key.Holder).ToArray());
            command.Parameters.AddWithValue(balances.Select(b => b.Key.Kind).ToArray());
            command.Parameters.AddWithValue(balances.Select(b => b.Key.Bucket).ToArray());
        }
        update.Parameters.AddWithValue(balances.Select(b => b.Total.Area).ToArray());
        update.Parameters.AddWithValue(balances.Select(b => b.Total.GrainCapacity).ToArray());
        update.Parameters.AddWithValue(balances.Select(b => b.Total.PaddyArea).ToArray());
        batch.BatchCommands.Add(create);
        batch.BatchCommands.Add(lockRows);
        batch.BatchCommands.Add(update);

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
