using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuotaLedger.Application;
using QuotaLedger.Application.ReadModels;
using QuotaLedger.EventStore;

namespace QuotaLedger.Bench;

/// <summary>
/// Rebuilds, with the service stopped (its daemon would otherwise share the pages): (a) the asynchronous
/// LedgerTotals projection through <see cref="ProjectionDaemon.RebuildAsync"/>; (b) the inline read models, emptied and
/// replayed page by page through the service's own <see cref="IInlineProjection"/>s. Each is checked against a
/// fingerprint of the read model taken before.
/// </summary>
public static class Rebuilds
{
    private const int InlinePageSize = 5_000;

    private const string TotalsFingerprint = """
        SELECT coalesce(md5(string_agg(kind || '/' || bucket || '/' || area || '/' || grain || '/' || paddy, ',' ORDER BY kind, bucket)), '')
        FROM ql_ledger_totals
        """;

    private const string InlineFingerprint = """
        SELECT (SELECT count(*) || ':' || coalesce(sum(area), 0) || ':' || coalesce(sum(grain), 0) FROM ql_journal) || '|' ||
               (SELECT coalesce(md5(string_agg(holder || kind || bucket || area || '/' || grain || '/' || paddy, ',' ORDER BY holder, kind, bucket)), '') FROM ql_balances) || '|' ||
               (SELECT coalesce(md5(string_agg(id || holder || kind || created_seq || available_area || '/' || available_grain || '/' || available_paddy, ',' ORDER BY id)), '') FROM ql_lots) || '|' ||
               (SELECT coalesce(md5(string_agg(id || type || version || md5(data::text) || array_to_string(scope, ','), ',' ORDER BY id)), '') FROM ql_documents)
        """;

    public static async Task RunAsync(Options options)
    {
        var resultsFile = options.Get("results");
        await using var provider = new ServiceCollection().AddQuotaLedger(options.Get("conn")).BuildServiceProvider();
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
        var events = await ScalarAsync<long>(dataSource, "SELECT count(*) FROM ql_events");
        var maxSeq = await ScalarAsync<long>(dataSource, "SELECT coalesce(max(seq_id), 0) FROM ql_events");

        // The high-water mark is persistent: bring it to the top first (a hole is passed only on a second look),
        // so that the timed rebuild measures applying events, not waiting on the mark.
        var mark = new HighWaterMark(dataSource);
        for (var i = 0; i < 20 && await mark.AdvanceAsync(CancellationToken.None) < maxSeq; i++) await Task.Delay(200);

        // (a) The asynchronous projection.
        var daemon = provider.GetRequiredService<ProjectionDaemon>();
        var totals = provider.GetServices<IAsyncProjection>().OfType<LedgerTotalsProjection>().Single();
        await daemon.CatchUpAsync(CancellationToken.None);
        var before = await ScalarAsync<string>(dataSource, TotalsFingerprint);
        var clock = Stopwatch.StartNew();
        await daemon.RebuildAsync(totals, LedgerTotalsProjection.ClearAsync, CancellationToken.None);
        clock.Stop();
        var progress = await ScalarAsync<long>(dataSource, $"SELECT coalesce(max(last_seq_id), 0) FROM ql_progress WHERE name = '{totals.Name}'");
        var same = before == await ScalarAsync<string>(dataSource, TotalsFingerprint) && progress == maxSeq;
        var rate = events / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"rebuild {totals.Name}: {events} events in {clock.Elapsed.TotalSeconds:0.00} s = {rate:0} events/s; " +
                          $"progress {progress}/{maxSeq}; same totals as before: {same}");
        Results.Value(resultsFile, "rebuild_async_events", events);
        Results.Value(resultsFile, "rebuild_async_seconds", clock.Elapsed.TotalSeconds);
        Results.Value(resultsFile, "rebuild_async_events_per_s", rate);
        Results.Value(resultsFile, "rebuild_async_consistent", same.ToString());

        if (options.Get("inline", "true") != "true") return;

        // (b) The inline read models: emptied, then every event replayed in pages through the service's projections,
        // in the order it registers them, one transaction per page.
        var inline = provider.GetServices<IInlineProjection>().ToArray();
        var types = provider.GetRequiredService<EventTypeRegistry>();
        var fingerprint = await ScalarAsync<string>(dataSource, InlineFingerprint);
        clock.Restart();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using (var truncate = new NpgsqlCommand("TRUNCATE ql_journal, ql_balances, ql_lots, ql_documents", connection))
                await truncate.ExecuteNonQueryAsync();
            long after = 0, replayed = 0;
            while (true)
            {
                await using var tx = await connection.BeginTransactionAsync();
                await using var fetch = new NpgsqlCommand($"""
                    SELECT {EventReader.Columns} FROM ql_events e JOIN ql_streams s ON s.id = e.stream_id
                    WHERE e.seq_id > $1 ORDER BY e.seq_id LIMIT $2
                    """, connection, tx);
                fetch.Parameters.AddWithValue(after);
                fetch.Parameters.AddWithValue(InlinePageSize);
                var page = await EventReader.ReadAllAsync(fetch, types, CancellationToken.None);
                if (page.Count == 0) break;
                foreach (var projection in inline) await projection.ApplyAsync(connection, tx, page, CancellationToken.None);
                await tx.CommitAsync();
                after = page[^1].Sequence;
                replayed += page.Count;
                if (replayed % 200_000 < InlinePageSize)
                    Console.WriteLine($"inline rebuild: {replayed} events, {replayed / clock.Elapsed.TotalSeconds:0} events/s");
            }
        }
        clock.Stop();
        var inlineSame = fingerprint == await ScalarAsync<string>(dataSource, InlineFingerprint);
        var inlineRate = events / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"rebuild inline read models: {events} events in {clock.Elapsed.TotalSeconds:0.00} s = {inlineRate:0} events/s; " +
                          $"same read models as before: {inlineSame}");
        Results.Value(resultsFile, "rebuild_inline_seconds", clock.Elapsed.TotalSeconds);
        Results.Value(resultsFile, "rebuild_inline_events_per_s", inlineRate);
        Results.Value(resultsFile, "rebuild_inline_consistent", inlineSame.ToString());
        if (!inlineSame) Console.Error.WriteLine("inline rebuild: the read models differ from the ones the service kept");
        // The reads that follow should not share the machine with the rebuild's vacuum and checkpoint.
        foreach (var sql in new[] { "VACUUM ANALYZE", "CHECKPOINT" })
        {
            await using var cmd = dataSource.CreateCommand(sql);
            cmd.CommandTimeout = 600;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
