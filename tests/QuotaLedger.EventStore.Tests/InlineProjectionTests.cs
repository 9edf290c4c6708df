using Npgsql;
using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

/// <summary>An inline read model: one row per event, written on the session's connection and transaction.</summary>
public sealed class EventRowProjection(string table) : IInlineProjection
{
    public string CreateTableSql => $"CREATE TABLE IF NOT EXISTS {table} (seq bigint PRIMARY KEY, stream_id uuid NOT NULL, type text NOT NULL)";

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"INSERT INTO {table} (seq, stream_id, type) SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[])", connection, transaction);
        cmd.Parameters.AddWithValue(events.Select(e => e.Sequence).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.StreamId).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.Type).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

public sealed class InlineProjectionTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Ct => CancellationToken.None;
    private readonly EventRowProjection projection = new("inline_event_rows");

    private async Task<PostgresEventStore> StoreAsync()
    {
        await db.ExecuteAsync(projection.CreateTableSql);
        return TestStore.Store(db.DataSource, projection);
    }

    [Fact]
    public async Task Events_and_their_inline_read_model_commit_together()
    {
        var store = await StoreAsync();
        var (s1, s2) = (Guid.NewGuid(), Guid.NewGuid());

        IReadOnlyList<RecordedEvent> recorded;
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(s1, TestStore.StreamType, 0, new QuotaGranted("h", 1m), new QuotaConsumed("h", 1m, null));
            session.Append(s2, TestStore.StreamType, 0, new StorageSiteSuspended("site"));
            recorded = await session.SaveChangesAsync(TestStore.Metadata(), Ct);

            // Inside the transaction the row is there; outside, neither it nor the events are, until the commit.
            await using var inside = new NpgsqlCommand("SELECT count(*) FROM inline_event_rows WHERE stream_id = ANY($1)", session.Connection, session.Transaction);
            inside.Parameters.AddWithValue(new[] { s1, s2 });
            Assert.Equal(3L, await inside.ExecuteScalarAsync());
            Assert.Equal(0L, await CountRowsAsync(s1, s2));
            Assert.Equal(0L, await CountEventsAsync(s1, s2));

            await session.CommitAsync(Ct);
        }

        Assert.Equal(3L, await CountEventsAsync(s1, s2));
        var rows = await db.ColumnAsync<long>("SELECT seq FROM inline_event_rows WHERE stream_id = ANY($1) ORDER BY seq", new[] { s1, s2 });
        Assert.Equal(recorded.Select(e => e.Sequence), rows);
        Assert.Equal(["quota_granted", "quota_consumed", "storage_site_suspended"],
            await db.ColumnAsync<string>("SELECT type FROM inline_event_rows WHERE stream_id = ANY($1) ORDER BY seq", new[] { s1, s2 }));
    }

    [Fact]
    public async Task A_session_disposed_without_commit_leaves_neither_events_nor_read_model()
    {
        var store = await StoreAsync();
        var stream = Guid.NewGuid();

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestStore.StreamType, 0, new QuotaGranted("h", 1m));
            var recorded = await session.SaveChangesAsync(TestStore.Metadata(), Ct);
            Assert.Single(recorded);
        }

        Assert.Equal(0L, await CountEventsAsync(stream));
        Assert.Equal(0L, await CountRowsAsync(stream));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_streams WHERE id = $1", stream));
    }

    [Fact]
    public async Task A_failing_inline_projection_fails_the_save_and_nothing_is_committed()
    {
        var store = await StoreAsync();
        var stream = Guid.NewGuid();
        // The read model already holds a row for the next sequence number: the projection's insert must clash.
        var next = await db.ScalarAsync<long>("SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM ql_events_seq");
        await db.ExecuteAsync("INSERT INTO inline_event_rows (seq, stream_id, type) VALUES ($1, $2, 'squatter')", next, Guid.NewGuid());

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestStore.StreamType, 0, new QuotaGranted("h", 1m));
            var e = await Assert.ThrowsAsync<PostgresException>(() => session.SaveChangesAsync(TestStore.Metadata(), Ct));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
        }

        Assert.Equal(0L, await CountEventsAsync(stream));
        Assert.Equal(0L, await CountRowsAsync(stream));
    }

    private async Task<long> CountEventsAsync(params Guid[] streams) =>
        await db.ScalarAsync<long>("SELECT count(*) FROM ql_events WHERE stream_id = ANY($1)", streams);

    private async Task<long> CountRowsAsync(params Guid[] streams) =>
        await db.ScalarAsync<long>("SELECT count(*) FROM inline_event_rows WHERE stream_id = ANY($1)", streams);
}
