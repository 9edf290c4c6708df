using Npgsql;
using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

/// <summary>
/// An asynchronous read model with one row per event, keyed by its sequence number: an event applied twice would
/// break the primary key, one never applied is a missing row.
/// </summary>
public sealed class EventLogProjection(string name, string table, string tag = "v1") : IAsyncProjection
{
    public string Name => name;
    public string Table => table;
    public string CreateTableSql => $"CREATE TABLE IF NOT EXISTS {table} (seq bigint PRIMARY KEY, type text NOT NULL, tag text NOT NULL)";

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"INSERT INTO {table} (seq, type, tag) SELECT s, t, $3 FROM unnest($1::bigint[], $2::text[]) AS u (s, t)", connection, transaction);
        cmd.Parameters.AddWithValue(events.Select(e => e.Sequence).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.Type).ToArray());
        cmd.Parameters.AddWithValue(tag);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

[Collection(SnapshotHorizonCollection.Name)]
public sealed class ProjectionDaemonTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private readonly PostgresEventStore store = TestStore.Store(db.DataSource);
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task The_daemon_applies_every_committed_event_once_including_one_committed_late()
    {
        var projection = await ProjectionAsync("late_commit");
        var daemon = new ProjectionDaemon(db.DataSource, TestStore.Registry(), [projection]);
        await AppendSomeAsync(streams: 3, eventsEach: 2);
        var caughtUp = await daemon.CatchUpAsync(Ct);
        Assert.Equal(await TestStore.MaxSequenceAsync(db), caughtUp);
        Assert.Equal(await EventSequencesAsync(), await AppliedAsync(projection));

        await using var slow = await store.OpenSessionAsync(Ct);
        slow.Append(Guid.NewGuid(), TestStore.StreamType, 0, new QuotaGranted("slow", 1m));
        var late = (await slow.SaveChangesAsync(TestStore.Metadata(), Ct)).Single().Sequence;
        var early = (await TestStore.AppendCommittedAsync(store, Guid.NewGuid(), 0, new QuotaGranted("fast", 1m))).Single().Sequence;
        Assert.Equal(late + 1, early);

        // The daemon must not jump over the event still in flight, so it stops before it.
        Assert.Equal(caughtUp, await daemon.CatchUpAsync(Ct));
        Assert.DoesNotContain(early, await AppliedAsync(projection));

        await slow.CommitAsync(Ct);
        Assert.Equal(early, await daemon.CatchUpAsync(Ct));
        var applied = await AppliedAsync(projection);
        Assert.Equal(await EventSequencesAsync(), applied);
        Assert.Contains(late, applied);
        Assert.Equal(early, await ProgressAsync(projection));

        // Catching up again applies nothing twice.
        Assert.Equal(early, await daemon.CatchUpAsync(Ct));
        Assert.Equal(applied, await AppliedAsync(projection));
    }

    [Fact]
    public async Task Two_daemons_catching_up_at_the_same_time_apply_each_event_once()
    {
        // Two instances of the same projection (same name, same table), each in a daemon of its own.
        var first = await ProjectionAsync("raced");
        var second = new EventLogProjection(first.Name, first.Table);
        var daemons = new[]
        {
            new ProjectionDaemon(db.DataSource, TestStore.Registry(), [first]),
            new ProjectionDaemon(db.DataSource, TestStore.Registry(), [second]),
        };
        await AppendSomeAsync(streams: 20, eventsEach: 10);

        // Writers keep appending (four at a time, so commits land out of sequence order) while both daemons run.
        var writing = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++) await AppendSomeAsync(streams: 2, eventsEach: 2);
        })));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = daemons.Select(daemon => Task.Run(async () =>
        {
            await start.Task;
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                var done = writing.IsCompleted;
                var mark = await daemon.CatchUpAsync(Ct);
                if (done && mark == await TestStore.MaxSequenceAsync(db)) return;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The daemon is stuck at {mark}.");
            }
        })).ToArray();
        start.SetResult();
        await writing;
        await Task.WhenAll(running);

        Assert.Equal(await EventSequencesAsync(), await AppliedAsync(first));
        Assert.Equal(await TestStore.MaxSequenceAsync(db), await ProgressAsync(first));
    }

    [Fact]
    public async Task Rebuilding_a_projection_replays_every_event_from_the_start()
    {
        var v1 = await ProjectionAsync("rebuilt");
        await AppendSomeAsync(streams: 4, eventsEach: 3);
        await new ProjectionDaemon(db.DataSource, TestStore.Registry(), [v1]).CatchUpAsync(Ct);
        Assert.Equal(await EventSequencesAsync(), await AppliedAsync(v1));
        await AppendSomeAsync(streams: 2, eventsEach: 2); // not applied yet

        // A new version of the read model, under the same name: its table is cleared and every event replayed.
        var v2 = new EventLogProjection(v1.Name, v1.Table, tag: "v2");
        var daemon = new ProjectionDaemon(db.DataSource, TestStore.Registry(), [v2]);
        var cleared = false;
        await daemon.RebuildAsync(v2, async (connection, tx) =>
        {
            await using var clear = new NpgsqlCommand($"DELETE FROM {v2.Table}", connection, tx);
            await clear.ExecuteNonQueryAsync(Ct);
            cleared = true;
        }, Ct);

        Assert.True(cleared);
        Assert.Equal(await EventSequencesAsync(), await AppliedAsync(v2));
        Assert.Equal(["v2"], await db.ColumnAsync<string>($"SELECT DISTINCT tag FROM {v2.Table}"));
        Assert.Equal(await TestStore.MaxSequenceAsync(db), await ProgressAsync(v2));
    }

    private async Task<EventLogProjection> ProjectionAsync(string name)
    {
        var projection = new EventLogProjection(name, $"log_{name}");
        await db.ExecuteAsync(projection.CreateTableSql);
        return projection;
    }

    private async Task AppendSomeAsync(int streams, int eventsEach)
    {
        await using var session = await store.OpenSessionAsync(Ct);
        for (var s = 0; s < streams; s++)
            session.Append(Guid.NewGuid(), TestStore.StreamType, 0,
                Enumerable.Range(1, eventsEach).Select(i => (object)new QuotaGranted($"h{s}", i)).ToArray());
        await session.SaveChangesAsync(TestStore.Metadata(), Ct);
        await session.CommitAsync(Ct);
    }

    private Task<List<long>> EventSequencesAsync() => db.ColumnAsync<long>("SELECT seq_id FROM ql_events ORDER BY seq_id");

    private Task<List<long>> AppliedAsync(EventLogProjection projection) =>
        db.ColumnAsync<long>($"SELECT seq FROM {projection.Table} ORDER BY seq");

    private async Task<long> ProgressAsync(IAsyncProjection projection) =>
        await db.ScalarAsync<long>("SELECT last_seq_id FROM ql_progress WHERE name = $1", projection.Name);
}
