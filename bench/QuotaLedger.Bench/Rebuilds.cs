using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuotaLedger.Application;
using QuotaLedger.Application.Ledger.Totals;
using QuotaLedger.Application.Shared;
using QuotaLedger.Store;

namespace QuotaLedger.Bench;

/// <summary>
/// Rebuilds through Marten's projection daemon, with the service stopped (its daemon would otherwise run the same
/// shards): (a) the asynchronous LedgerTotals projection; (b) the inline read models (<see cref="InlineReadModels"/>: the
/// modules' tables and every aggregate's documents), emptied and replayed by the same projections. Each is checked against a fingerprint of the
/// read model taken before.
/// </summary>
public static class Rebuilds
{
    private const string TotalsFingerprint = """
        SELECT coalesce(md5(string_agg(kind || '/' || bucket || '/' || area || '/' || grain || '/' || paddy, ',' ORDER BY kind, bucket)), '')
        FROM ql_ledger_totals
        """;

    private const string LedgerFingerprint = """
        SELECT (SELECT count(*) || ':' || coalesce(sum(area), 0) || ':' || coalesce(sum(grain), 0) FROM ql_journal) || '|' ||
               (SELECT coalesce(md5(string_agg(holder || kind || bucket || area || '/' || grain || '/' || paddy, ',' ORDER BY holder, kind, bucket)), '') FROM ql_balances) || '|' ||
               (SELECT coalesce(md5(string_agg(id || holder || kind || created_seq || available_area || '/' || available_grain || '/' || available_paddy, ',' ORDER BY id)), '') FROM ql_lots) || '|' ||
               (SELECT coalesce(md5(string_agg(seq_id || '/' || line || account || amount || buyer_id, ',' ORDER BY seq_id, line)), '') FROM ql_money_journal) || '|' ||
               (SELECT coalesce(md5(string_agg(seq_id || entry || lot_id || plan_year || area || '/' || grain || '/' || paddy, ',' ORDER BY seq_id)), '') FROM ql_plan_issuance) || '|' ||
               (SELECT coalesce(md5(string_agg(lot_id || '/' || coalesce(parent_lot_id::text, '') || holder || origin_county, ',' ORDER BY lot_id)), '') FROM ql_lot_routes)
        """;

    public static async Task RunAsync(Options options)
    {
        var resultsFile = options.Get("results");
        await using var provider = new ServiceCollection().AddQuotaLedger(options.Get("conn"), options.TamperEvidenceKeys()).BuildServiceProvider();
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
        var store = provider.GetRequiredService<IDocumentStore>();
        var events = await ScalarAsync<long>(dataSource, EventFill.CountEvents);
        var maxSeq = await ScalarAsync<long>(dataSource, "SELECT coalesce(max(seq_id), 0) FROM mt_events");
        using var daemon = await store.BuildProjectionDaemonAsync();

        // (a) The asynchronous projection: Marten rewinds its progress; the table is the projection's own to clear.
        await daemon.CatchUpAsync(CancellationToken.None);
        var before = await ScalarAsync<string>(dataSource, TotalsFingerprint);
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(dataSource, "DELETE FROM ql_ledger_totals");
        await daemon.RebuildProjectionAsync(LedgerTotalsProjection.Name, CancellationToken.None);
        clock.Stop();
        var progress = await ScalarAsync<long>(dataSource,
            $"SELECT coalesce(max(last_seq_id), 0) FROM mt_event_progression WHERE name = '{LedgerTotalsProjection.Name}:All'");
        var same = before == await ScalarAsync<string>(dataSource, TotalsFingerprint) && progress == maxSeq;
        var rate = events / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"rebuild {LedgerTotalsProjection.Name}: {events} events in {clock.Elapsed.TotalSeconds:0.00} s = {rate:0} events/s; " +
                          $"progress {progress}/{maxSeq}; same totals as before: {same}");
        Results.Value(resultsFile, "rebuild_async_events", events);
        Results.Value(resultsFile, "rebuild_async_seconds", clock.Elapsed.TotalSeconds);
        Results.Value(resultsFile, "rebuild_async_events_per_s", rate);
        Results.Value(resultsFile, "rebuild_async_consistent", same.ToString());

        if (options.Get("inline", "true") != "true") return;

        // (b) The inline read models, as ./run.sh rebuild-read-models rebuilds them: each module's tables emptied, then
        // every inline projection replayed by the daemon (Marten empties the documents of an aggregate projection it
        // rebuilds itself). The events' MACs are no read model: a rebuild never replaces one.
        var fingerprint = await ScalarAsync<string>(dataSource, LedgerFingerprint) + await DocumentsFingerprintAsync(dataSource);
        clock.Restart();
        await InlineReadModels.RebuildAsync(store, dataSource, CancellationToken.None);
        clock.Stop();
        var inlineSame = fingerprint == await ScalarAsync<string>(dataSource, LedgerFingerprint) + await DocumentsFingerprintAsync(dataSource);
        var inlineRate = events / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"rebuild inline read models ({InlineReadModels.Tables.Count} tables and the documents): {events} events in {clock.Elapsed.TotalSeconds:0.00} s = " +
                          $"{inlineRate:0} events/s; same read models as before: {inlineSame}");
        Results.Value(resultsFile, "rebuild_inline_seconds", clock.Elapsed.TotalSeconds);
        Results.Value(resultsFile, "rebuild_inline_events_per_s", inlineRate);
        Results.Value(resultsFile, "rebuild_inline_consistent", inlineSame.ToString());
        if (!inlineSame) Console.Error.WriteLine("inline rebuild: the read models differ from the ones the service kept");
        // The reads that follow should not share the machine with the rebuild's vacuum and checkpoint.
        foreach (var sql in new[] { "VACUUM ANALYZE", "CHECKPOINT" }) await ExecuteAsync(dataSource, sql);
    }

    /// <summary>Every aggregate document (one Marten table per aggregate type), in id order.</summary>
    private static async Task<string> DocumentsFingerprintAsync(NpgsqlDataSource dataSource)
    {
        var tables = new List<string>();
        await using (var cmd = dataSource.CreateCommand(
                         "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'mt_doc_%' ORDER BY tablename"))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var fingerprint = "";
        foreach (var table in tables)
            fingerprint += "|" + await ScalarAsync<string>(dataSource,
                $"SELECT coalesce(md5(string_agg(id || md5(data::text), ',' ORDER BY id)), '') FROM {table}");
        return fingerprint;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
