using System.Data;
using MediatR;
using Npgsql;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Ledger.Totals;

/// <summary>
/// The centre's check of the whole ledger: region-wide totals per kind and bucket over Inner Mongolia's holders (quota
/// sold to buyers stays in the sellers' sold bucket), built asynchronously, with how far
/// the asynchronous projection has got and whether, for each kind and measure,
/// issued + received = available + frozen + reserved + consumed + deducted + sold + transferred out.
/// </summary>
public sealed record GetLedgerTotals : IQuery<LedgerTotals>;

public sealed record LedgerTotals(
    IReadOnlyList<LedgerKindTotals> Kinds,
    long LatestSequence,
    IReadOnlyList<ProjectionProgress> Progress);

public sealed record LedgerKindTotals(QuotaKind Kind, BucketTotals Buckets, MeasuresBalanced Balanced);

/// <summary>Whether the balance equation holds for each measure.</summary>
public sealed record MeasuresBalanced(bool Area, bool GrainCapacity, bool PaddyArea)
{
    public static MeasuresBalanced Of(BucketTotals totals) => new(
        totals.In.Area == totals.Out.Area,
        totals.In.GrainCapacity == totals.Out.GrainCapacity,
        totals.In.PaddyArea == totals.Out.PaddyArea);
}

/// <summary>
/// How far an asynchronous reader has got: the high-water mark (every event at or below it is visible or will never
/// exist) and each projection's last applied event. Totals lag the ledger until they reach <c>latestSequence</c>.
/// </summary>
public sealed record ProjectionProgress(string Name, long LastSequence, DateTimeOffset LastUpdated);

public sealed class GetLedgerTotalsHandler(
    NpgsqlDataSource dataSource, RequestContext context, AccessPolicy access)
    : IRequestHandler<GetLedgerTotals, LedgerTotals>
{
    private static readonly string[] ProgressNames = ["HighWaterMark", LedgerTotalsProjection.Name, Sealer.Name];

    public async Task<LedgerTotals> Handle(GetLedgerTotals query, CancellationToken ct)
    {
        access.RequireCentre(context.Actor, "see the region-wide ledger totals");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot, so the totals and the progress reported with them belong together.
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

        await using var totals = new NpgsqlCommand("SELECT kind, bucket, area, grain, paddy FROM ql_ledger_totals", connection, tx);
        var byKind = await BucketRows.ReadAsync(totals, ct);

        await using var latest = new NpgsqlCommand($"SELECT COALESCE(max(seq_id), 0) FROM {MartenSetup.Schema}.mt_events", connection, tx);
        var latestSequence = (long)(await latest.ExecuteScalarAsync(ct))!;

        // Marten's daemon keeps its high-water mark and each projection's shard ("LedgerTotals:All") there.
        await using var progress = new NpgsqlCommand($"""
            SELECT split_part(name, ':', 1), last_seq_id, last_updated FROM {MartenSetup.Schema}.mt_event_progression
            WHERE split_part(name, ':', 1) = ANY($1)
            """, connection, tx);
        progress.Parameters.AddWithValue(ProgressNames);
        var found = new Dictionary<string, ProjectionProgress>();
        await using (var reader = await progress.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                found[reader.GetString(0)] = new ProjectionProgress(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
        await tx.CommitAsync(ct);

        return new LedgerTotals(
            byKind.Select(k => new LedgerKindTotals(k.Key, k.Value, MeasuresBalanced.Of(k.Value))).ToArray(),
            latestSequence,
            ProgressNames.Select(n => found.GetValueOrDefault(n) ?? new ProjectionProgress(n, 0, DateTimeOffset.UnixEpoch)).ToArray());
    }
}
