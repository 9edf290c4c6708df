using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using QuotaLedger.Domain.Ledger.Lots;
using static QuotaLedger.Store.MartenSetup;

namespace QuotaLedger.Application.Ledger;

/// <summary>
/// Turns lot events into journal lines, holder balances and the table of drawable lots, inline: in the transaction and
/// the batch that append the events. Every figure follows from the events alone (<see cref="LotEvent.Entries"/>).
/// </summary>
public sealed class LedgerProjection : IProjection
{
    /// <summary>
    /// Lines of a balance between two of its snapshots (at most, give or take a batch): what an asOf read sums on top of
    /// a snapshot, whatever the length of the holder's history.
    /// </summary>
    public const int SnapshotEvery = 64;

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var lines = Journal.LinesOf(events);
        if (lines.Count == 0) return Task.CompletedTask;
        // Each line's balance, change and instant: the journal's columns, and what the snapshots below are kept by.
        string[] lineHolders = lines.Select(l => l.Holder).ToArray(), lineKinds = lines.Select(l => l.Kind).ToArray(),
            lineBuckets = lines.Select(l => l.Bucket).ToArray();
        decimal[] lineAreas = lines.Select(l => l.Change.Area).ToArray(), lineGrains = lines.Select(l => l.Change.GrainCapacity).ToArray(),
            linePaddies = lines.Select(l => l.Change.PaddyArea).ToArray();
        var lineTimes = lines.Select(l => l.Timestamp).ToArray();

        operations.QueueSqlCommand($"""
            INSERT INTO {Schema}.ql_journal (seq_id, bucket, lot_id, holder, kind, area, grain, paddy, timestamp)
            SELECT * FROM unnest(?::bigint[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::numeric[], ?::timestamptz[])
            """,
            lines.Select(l => l.Sequence).ToArray(), lineBuckets, lines.Select(l => l.LotId).ToArray(),
            lineHolders, lineKinds, lineAreas, lineGrains, linePaddies, lineTimes);

        // A missing row is first created at zero, then the rows are locked in key order (so that concurrent commands on
        // one holder never deadlock on them) and changed. One upsert would not do: PostgreSQL checks the row to be
        // inserted, the bare change, against the CHECK on available, frozen and reserved before ON CONFLICT merges it,
        // so every decrease would be refused.
        var balances = Journal.Totals(lines, l => (l.Holder, l.Kind, l.Bucket)).ToArray();
        object[] keys = [balances.Select(b => b.Key.Holder).ToArray(), balances.Select(b => b.Key.Kind).ToArray(),
            balances.Select(b => b.Key.Bucket).ToArray()];
        operations.QueueSqlCommand($"""
            INSERT INTO {Schema}.ql_balances (holder, kind, bucket, area, grain, paddy)
            SELECT holder, kind, bucket, 0, 0, 0 FROM unnest(?::text[], ?::text[], ?::text[]) AS u (holder, kind, bucket)
            ORDER BY holder, kind, bucket
            ON CONFLICT (holder, kind, bucket) DO NOTHING
            """, keys);
        operations.QueueSqlCommand($"""
            SELECT 1 FROM {Schema}.ql_balances
            WHERE (holder, kind, bucket) IN (SELECT * FROM unnest(?::text[], ?::text[], ?::text[]))
            ORDER BY holder, kind, bucket FOR UPDATE
            """, keys);
        // Snapshots already taken at or after a line's instant get the line: a command may commit after one taken at a
        // later instant than its own (its lines are "late"). Usually no snapshot is that recent.
        operations.QueueSqlCommand($"""
            UPDATE {Schema}.ql_balance_snapshots s SET area = s.area + d.area, grain = s.grain + d.grain, paddy = s.paddy + d.paddy
            FROM (SELECT s.holder, s.kind, s.bucket, s.at, sum(l.area) AS area, sum(l.grain) AS grain, sum(l.paddy) AS paddy
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::numeric[], ?::timestamptz[])
                      AS l (holder, kind, bucket, area, grain, paddy, timestamp)
                  JOIN {Schema}.ql_balance_snapshots s ON s.holder = l.holder AND s.kind = l.kind AND s.bucket = l.bucket AND s.at >= l.timestamp
                  GROUP BY s.holder, s.kind, s.bucket, s.at) d
            WHERE s.holder = d.holder AND s.kind = d.kind AND s.bucket = d.bucket AND s.at = d.at
            """,
            lineHolders, lineKinds, lineBuckets, lineAreas, lineGrains, linePaddies, lineTimes);

        // The balances, and a snapshot of one each time its line count reaches a multiple of SnapshotEvery (several in
        // one batch of a rebuild): at the instant of the line that reached it, worth the new balance less its lines after
        // that instant (a few, if any). Under the balance's row lock every line of it is either visible here or yet to
        // come, and then late (above).
        var counted = new Dictionary<(string Holder, string Kind, string Bucket), long>();
        var ordinals = lines.Select(l => counted[(l.Holder, l.Kind, l.Bucket)] = counted.GetValueOrDefault((l.Holder, l.Kind, l.Bucket)) + 1).ToArray();
        operations.QueueSqlCommand($"""
            WITH updated AS (
                UPDATE {Schema}.ql_balances b SET area = b.area + u.area, grain = b.grain + u.grain, paddy = b.paddy + u.paddy,
                                                   lines = b.lines + u.lines
                FROM unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::numeric[], ?::bigint[])
                    AS u (holder, kind, bucket, area, grain, paddy, lines)
                WHERE b.holder = u.holder AND b.kind = u.kind AND b.bucket = u.bucket
                RETURNING b.holder, b.kind, b.bucket, b.area, b.grain, b.paddy, b.lines - u.lines AS before),
            taken AS (
                SELECT DISTINCT b.holder, b.kind, b.bucket, l.timestamp AS at, b.area, b.grain, b.paddy
                FROM updated b
                JOIN unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::timestamptz[]) AS l (holder, kind, bucket, ordinal, timestamp)
                    ON l.holder = b.holder AND l.kind = b.kind AND l.bucket = b.bucket
                WHERE (b.before + l.ordinal) % {SnapshotEvery} = 0)
            INSERT INTO {Schema}.ql_balance_snapshots (holder, kind, bucket, at, area, grain, paddy)
            SELECT t.holder, t.kind, t.bucket, t.at,
                   t.area - coalesce(later.area, 0), t.grain - coalesce(later.grain, 0), t.paddy - coalesce(later.paddy, 0)
            FROM taken t
            LEFT JOIN LATERAL (SELECT sum(j.area) AS area, sum(j.grain) AS grain, sum(j.paddy) AS paddy FROM {Schema}.ql_journal j
                               WHERE j.holder = t.holder AND j.kind = t.kind AND j.bucket = t.bucket AND j.timestamp > t.at) later ON true
            ON CONFLICT DO NOTHING
            """, [.. keys, balances.Select(b => b.Total.Area).ToArray(), balances.Select(b => b.Total.GrainCapacity).ToArray(),
                balances.Select(b => b.Total.PaddyArea).ToArray(), balances.Select(b => counted[b.Key]).ToArray(),
                lineHolders, lineKinds, lineBuckets, ordinals, lineTimes]);

        var opened = events.Where(e => e.Data is LotIssued or LotReceived).ToArray();
        if (opened.Length > 0)
            operations.QueueSqlCommand($"""
                INSERT INTO {Schema}.ql_lots (id, holder, kind, origin_county, created_seq, available_area, available_grain, available_paddy)
                SELECT id, holder, kind, origin_county, created_seq, 0, 0, 0
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS u (id, holder, kind, origin_county, created_seq)
                """,
                opened.Select(e => ((LotEvent)e.Data).LotId).ToArray(), opened.Select(e => ((LotEvent)e.Data).Holder).ToArray(),
                opened.Select(e => Journal.KindName(((LotEvent)e.Data).Kind)).ToArray(),
                opened.Select(e => OriginCounty((LotEvent)e.Data)).ToArray(), opened.Select(e => e.Sequence).ToArray());

        var available = Journal.Totals(lines.Where(l => l.Bucket == Journal.BucketName(Bucket.Available)), l => l.LotId)
            .OrderBy(t => t.Key).ToArray();
        if (available.Length > 0)
            operations.QueueSqlCommand($"""
                UPDATE {Schema}.ql_lots l SET available_area = l.available_area + u.area, available_grain = l.available_grain + u.grain,
                                     available_paddy = l.available_paddy + u.paddy
                FROM unnest(?::uuid[], ?::numeric[], ?::numeric[], ?::numeric[]) AS u (id, area, grain, paddy)
                WHERE l.id = u.id
                """,
                available.Select(a => a.Key).ToArray(), available.Select(a => a.Total.Area).ToArray(),
                available.Select(a => a.Total.GrainCapacity).ToArray(), available.Select(a => a.Total.PaddyArea).ToArray());
        return Task.CompletedTask;
    }

    private static string OriginCounty(LotEvent opened) => opened switch
    {
        LotIssued i => i.Provenance.OriginCounty,
        LotReceived r => r.Provenance.OriginCounty,
        _ => throw new InvalidOperationException($"{opened.GetType().Name} does not open a lot."),
    };
}
