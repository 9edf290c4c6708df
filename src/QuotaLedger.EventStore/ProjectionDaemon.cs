using Npgsql;

namespace QuotaLedger.EventStore;

/// <summary>
/// Runs the asynchronous projections behind the high-water mark. Each page of events is applied and the projection's
/// progress advanced in one transaction, guarded by the progress it started from, so two daemons running at once
/// never both apply the same page.
/// </summary>
public sealed class ProjectionDaemon(
    NpgsqlDataSource dataSource,
    EventTypeRegistry types,
    IEnumerable<IAsyncProjection> projections)
{
    private const int PageSize = 1_000;
    private readonly HighWaterMark highWaterMark = new(dataSource);
    private readonly IAsyncProjection[] projections = projections.ToArray();

    /// <summary>Applies everything below the current high-water mark; returns the mark reached.</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        var mark = await highWaterMark.AdvanceAsync(ct);
        foreach (var projection in projections)
            while (await ApplyNextPageAsync(projection, mark, ct)) { }
        return mark;
    }

    public async Task RunAsync(TimeSpan pollInterval, Action<Exception> onError, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                onError(e);
            }
            try { await Task.Delay(pollInterval, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Rebuilds a projection from the first event: its progress is reset and the pages replayed.</summary>
    public async Task RebuildAsync(IAsyncProjection projection, Func<NpgsqlConnection, NpgsqlTransaction, Task> clear, CancellationToken ct)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await clear(connection, tx);
            await using var reset = new NpgsqlCommand("DELETE FROM ql_progress WHERE name = $1", connection, tx);
            reset.Parameters.AddWithValue(projection.Name);
            await reset.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        var mark = await highWaterMark.AdvanceAsync(ct);
        while (await ApplyNextPageAsync(projection, mark, ct)) { }
    }

    private async Task<bool> ApplyNextPageAsync(IAsyncProjection projection, long mark, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        long progress;
        await using (var read = new NpgsqlCommand("SELECT last_seq_id FROM ql_progress WHERE name = $1", connection, tx))
        {
            read.Parameters.AddWithValue(projection.Name);
            progress = await read.ExecuteScalarAsync(ct) is long p ? p : 0;
        }
        if (progress >= mark) return false;

        await using var fetch = new NpgsqlCommand($"""
            SELECT {EventReader.Columns} FROM ql_events e JOIN ql_streams s ON s.id = e.stream_id
            WHERE e.seq_id > $1 AND e.seq_id <= $2 ORDER BY e.seq_id LIMIT $3
            """, connection, tx);
        fetch.Parameters.AddWithValue(progress);
        fetch.Parameters.AddWithValue(mark);
        fetch.Parameters.AddWithValue(PageSize);
        var events = await EventReader.ReadAllAsync(fetch, types, ct);
        var reached = events.Count == PageSize ? events[^1].Sequence : mark;

        // The page is claimed before it is applied: the guarded advance locks the progress row until the commit, so
        // another instance that read the same progress waits here, then finds it moved and applies nothing (applied
        // first, its writes would clash with the winner's, e.g. on a read model's primary key, and fail it).
        await using var advance = new NpgsqlCommand("""
            INSERT INTO ql_progress (name, last_seq_id, last_updated) VALUES ($1, $3, now())
            ON CONFLICT (name) DO UPDATE SET last_seq_id = $3, last_updated = now() WHERE ql_progress.last_seq_id = $2
            """, connection, tx);
        advance.Parameters.AddWithValue(projection.Name);
        advance.Parameters.AddWithValue(progress);
        advance.Parameters.AddWithValue(reached);
        if (await advance.ExecuteNonQueryAsync(ct) == 0)
        {
            await tx.RollbackAsync(ct); // another instance applied this page first
            return false;
        }
        if (events.Count > 0) await projection.ApplyAsync(connection, tx, events, ct);
        await tx.CommitAsync(ct);
        return reached < mark;
    }
}
