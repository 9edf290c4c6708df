using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application;
using QuotaLedger.Application.Ledger.Totals;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>The ledger's invariants, checked in SQL on the service's database; each answers the rows that break it.</summary>
public static class Invariants
{
    private static readonly (string Name, string Sql)[] Checks =
    [
        ("no available, frozen or reserved balance is negative", """
            SELECT holder, kind, bucket, area, grain, paddy FROM ql_balances
            WHERE bucket IN ('available', 'frozen', 'reserved') AND (area < 0 OR grain < 0 OR paddy < 0)
            """),
        ("no lot has negative available quota", """
            SELECT id, available_area, available_grain, available_paddy FROM ql_lots
            WHERE available_area < 0 OR available_grain < 0 OR available_paddy < 0
            """),
        ("per holder, kind and measure: issued + received = available + frozen + reserved + consumed + deducted + sold + transferred_out", """
            SELECT holder, kind, sum(area * s) AS area, sum(grain * s) AS grain, sum(paddy * s) AS paddy
            FROM (SELECT *, CASE WHEN bucket IN ('issued', 'received') THEN 1 ELSE -1 END AS s FROM ql_balances) b
            GROUP BY holder, kind
            HAVING sum(area * s) <> 0 OR sum(grain * s) <> 0 OR sum(paddy * s) <> 0
            """),
        ("the journal sums to the balances per holder, kind and bucket", """
            SELECT coalesce(j.holder, b.holder), coalesce(j.kind, b.kind), coalesce(j.bucket, b.bucket), j.area, b.area, j.grain, b.grain
            FROM (SELECT holder, kind, bucket, sum(area) area, sum(grain) grain, sum(paddy) paddy FROM ql_journal GROUP BY 1, 2, 3) j
            FULL JOIN ql_balances b ON b.holder = j.holder AND b.kind = j.kind AND b.bucket = j.bucket
            WHERE coalesce(j.area, 0) <> coalesce(b.area, 0) OR coalesce(j.grain, 0) <> coalesce(b.grain, 0)
               OR coalesce(j.paddy, 0) <> coalesce(b.paddy, 0)
            """),
        // Marten's tombstone streams (no type: see MartenSetup.TombstoneType) fill the sequence numbers of failed appends; they are not the ledger's.
        ("every stream's events are versions 1..n with n = mt_streams.version", $"""
            SELECT s.id, s.type, s.version, e.n, e.lo, e.hi
            FROM mt_streams s
            LEFT JOIN (SELECT stream_id, count(*) n, min(version) lo, max(version) hi FROM mt_events GROUP BY stream_id) e ON e.stream_id = s.id
            WHERE s.type IS NOT NULL AND (e.n IS DISTINCT FROM s.version OR e.lo <> 1 OR e.hi <> s.version)
            """),
        ("no event is recorded twice (same correlation, stream and type)", $"""
            SELECT stream_id, correlation_id, type, count(*) FROM mt_events e WHERE {MartenSetup.IsLedgerEvent("e")}
            GROUP BY 1, 2, 3 HAVING count(*) > 1
            """),
    ];

    /// <summary>Every aggregate document (one Marten table per aggregate type) with its version, as one query.</summary>
    public static async Task<string> DocumentsQueryAsync(TestDatabase db)
    {
        var tables = await db.RowsAsync(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'mt_doc_%' AND tablename <> 'mt_doc_deadletterevent'");
        return string.Join(" UNION ALL ", tables.Select(t => $"SELECT id, '{t[0]}' AS type, (data->>'version')::bigint AS version FROM {t[0]}"));
    }

    /// <summary>Every broken invariant, with up to five rows that break it.</summary>
    public static async Task<List<string>> CheckAsync(TestDatabase db)
    {
        var broken = new List<string>();
        var documentsAtTheirStreamsVersion = ("every document is at its stream's version", $"""
            SELECT d.id, d.type, d.version, s.version FROM ({await DocumentsQueryAsync(db)}) d LEFT JOIN mt_streams s ON s.id = d.id
            WHERE s.version IS DISTINCT FROM d.version
            """);
        foreach (var (name, sql) in Checks.Append(documentsAtTheirStreamsVersion))
        {
            var rows = await db.RowsAsync(sql);
            if (rows.Count > 0)
                broken.Add($"{name}: {rows.Count} rows, e.g. " +
                           string.Join(" / ", rows.Take(5).Select(r => string.Join(", ", r.Select(v => v?.ToString() ?? "null")))));
        }
        return broken;
    }

    /// <summary>
    /// Waits until the asynchronous projection has applied every event, then compares ql_ledger_totals with the sum of
    /// ql_balances per kind and bucket over Inner Mongolia's holders (as the projection counts: a buyer's lots hold what
    /// the sellers' sold buckets already count). Answers the problems (empty when caught up and equal).
    /// </summary>
    public static async Task<List<string>> AsyncProjectionCaughtUpAsync(TestDatabase db, TimeSpan timeout)
    {
        if (await CaughtUpAsync(db, LedgerTotalsProjection.Name, timeout) is { } behind) return [behind];
        var holders = RegionCatalog.InnerMongolia.All.Select(r => r.Code).ToArray();
        var differences = await db.RowsAsync("""
            SELECT coalesce(t.kind, b.kind), coalesce(t.bucket, b.bucket), t.area, b.area, t.grain, b.grain, t.paddy, b.paddy
            FROM ql_ledger_totals t
            FULL JOIN (SELECT kind, bucket, sum(area) area, sum(grain) grain, sum(paddy) paddy FROM ql_balances
                       WHERE holder = ANY($1) GROUP BY 1, 2) b
                   ON b.kind = t.kind AND b.bucket = t.bucket
            WHERE coalesce(t.area, 0) <> coalesce(b.area, 0) OR coalesce(t.grain, 0) <> coalesce(b.grain, 0)
               OR coalesce(t.paddy, 0) <> coalesce(b.paddy, 0)
            """, (object)holders);
        return differences.Select(r => "ledger totals differ from the sum of balances: " + string.Join(", ", r)).ToList();
    }

    /// <summary>
    /// Waits until the sealer has sealed every event, then verifies every stream's hash chain, every event's MAC and every
    /// signed block, as <c>verify-ledger</c> does: kills and a second instance must neither break a chain nor seal a page
    /// twice, and every event committed must carry its MAC.
    /// </summary>
    public static async Task<List<string>> HistorySealedAndIntactAsync(TestDatabase db, TimeSpan timeout)
    {
        if (await CaughtUpAsync(db, Sealer.Name, timeout) is { } behind) return [behind];
        await using var dataSource = NpgsqlDataSource.Create(db.ServiceConnectionString);
        // The keys the service signed with: those of its appsettings.Development.json.
        var keys = TamperEvidenceSettings.KeysFrom(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Repo.ApiDirectory, "appsettings.Development.json"), optional: false).Build());
        using var store = new DocumentStore(DependencyInjection.StoreOptionsFor(dataSource, RegionCatalog.InnerMongolia, keys));
        var findings = await new LedgerVerifier(dataSource, store, keys).VerifyAsync(CancellationToken.None);
        return findings.Select(f => f.ToString()).ToList();
    }

    /// <summary>Null once the asynchronous projection has applied every event; else what it reached.</summary>
    private static async Task<string?> CaughtUpAsync(TestDatabase db, string projection, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        long latest = 0, applied = -1;
        while (watch.Elapsed < timeout)
        {
            latest = await db.ScalarAsync<long>("SELECT coalesce(max(seq_id), 0) FROM mt_events");
            // Marten's daemon keeps each projection's progress under its shard's name.
            applied = await db.ScalarAsync<long>(
                "SELECT coalesce((SELECT last_seq_id FROM mt_event_progression WHERE name = $1), 0)", $"{projection}:All");
            if (applied >= latest) break;
            await Task.Delay(200);
        }
        if (applied < latest) return $"{projection} reached {applied} of {latest} within {timeout}";
        if (applied > latest) return $"{projection} claims {applied}, beyond the last event {latest}";
        return null;
    }
}
