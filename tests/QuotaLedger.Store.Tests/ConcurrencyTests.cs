using Npgsql;
using QuotaLedger.Store.Tests.Support;

namespace QuotaLedger.Store.Tests;

/// <remarks>
/// A failed save may leave Marten's tombstones behind (<see cref="MartenSetup.TombstoneType"/>, to fill the
/// sequence numbers it drew): the tests assert what the ledger's streams hold, not global sequence counts.
/// </remarks>
public sealed class ConcurrencyTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{

    private readonly IEventStore store = db.Store;
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Starting_a_stream_that_already_exists_is_a_concurrency_conflict_that_writes_nothing()
    {
        var stream = Guid.NewGuid();
        await store.AppendCommittedAsync(stream, 0, new QuotaGranted("first", 1m), new QuotaGranted("first", 2m));

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestEvents.StreamType, 0, new QuotaGranted("second", 3m));
            var e = await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestEvents.Metadata(), Ct));
            Assert.Equal((stream, 0L), (e.StreamId, e.ExpectedVersion));
            // The half-written transaction may only be rolled back.
            await Assert.ThrowsAsync<InvalidOperationException>(() => session.CommitAsync(Ct));
        }

        await AssertStreamAsync(stream, "first", "first");
        await store.AppendCommittedAsync(stream, 2, new QuotaGranted("third", 4m));
        await AssertStreamAsync(stream, "first", "first", "third");
    }

    [Theory]
    [InlineData(2)] // behind: another writer appended first
    [InlineData(7)] // ahead of the stream
    public async Task Appending_at_a_version_the_stream_is_not_at_is_a_conflict_that_writes_nothing(long expected)
    {
        var stream = Guid.NewGuid();
        await store.AppendCommittedAsync(stream, 0, new QuotaGranted("a", 1m), new QuotaGranted("a", 2m));
        await store.AppendCommittedAsync(stream, 2, new QuotaGranted("b", 3m)); // the winner: now at 3

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestEvents.StreamType, expected, new QuotaGranted("stale", 9m), new QuotaGranted("stale", 9m));
            var e = await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestEvents.Metadata(), Ct));
            Assert.Equal((stream, expected), (e.StreamId, e.ExpectedVersion));
        }

        await AssertStreamAsync(stream, "a", "a", "b");
        await store.AppendCommittedAsync(stream, 3, new QuotaGranted("c", 4m));
        await AssertStreamAsync(stream, "a", "a", "b", "c");
    }

    [Fact]
    public async Task Appending_to_a_stream_that_does_not_exist_at_a_non_zero_version_is_a_conflict_that_creates_nothing()
    {
        var missing = Guid.NewGuid();

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(missing, TestEvents.StreamType, 1, new QuotaGranted("nowhere", 9m));
            var e = await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestEvents.Metadata(), Ct));
            Assert.Equal((missing, 1L), (e.StreamId, e.ExpectedVersion));
        }

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM mt_streams WHERE id = $1", missing));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = $1", missing));
    }

    [Fact]
    public async Task A_session_appending_to_several_streams_of_which_one_is_stale_names_that_stream_and_writes_nothing()
    {
        var (current, stale, fresh) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await store.AppendCommittedAsync(current, 0, new QuotaGranted("current", 1m));
        await store.AppendCommittedAsync(stale, 0, new QuotaGranted("stale", 1m), new QuotaGranted("stale", 2m));

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(fresh, TestEvents.StreamType, 0, new QuotaGranted("fresh", 3m));
            session.Append(stale, TestEvents.StreamType, 1, new QuotaGranted("stale", 3m));
            session.Append(current, TestEvents.StreamType, 1, new QuotaGranted("current", 3m));
            var e = await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestEvents.Metadata(), Ct));
            Assert.Equal((stale, 1L), (e.StreamId, e.ExpectedVersion));
        }

        await AssertStreamAsync(current, "current");
        await AssertStreamAsync(stale, "stale", "stale");
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM mt_streams WHERE id = $1", fresh));
        Assert.Empty(await store.FetchAsync(fresh));
    }

    [Fact]
    public async Task A_writer_that_loses_while_waiting_for_the_winner_to_commit_gets_a_conflict()
    {
        var stream = Guid.NewGuid();
        await store.AppendCommittedAsync(stream, 0, new QuotaGranted("a", 1m));

        await using var winner = await store.OpenSessionAsync(Ct);
        winner.Append(stream, TestEvents.StreamType, 1, new QuotaGranted("winner", 2m));
        await winner.SaveChangesAsync(TestEvents.Metadata(), Ct);

        var loser = await store.OpenSessionAsync(Ct);
        await using (loser)
        {
            loser.Append(stream, TestEvents.StreamType, 1, new QuotaGranted("loser", 3m));
            var losing = loser.SaveChangesAsync(TestEvents.Metadata(), Ct);
            await db.WaitUntilBlockedOnLockAsync(loser.Connection.ProcessID);

            await winner.CommitAsync(Ct);
            var e = await Assert.ThrowsAsync<ConcurrencyException>(() => losing);
            Assert.Equal((stream, 1L), (e.StreamId, e.ExpectedVersion));
        }

        await AssertStreamAsync(stream, "a", "winner");
        await store.AppendCommittedAsync(stream, 2, new QuotaGranted("c", 4m));
        await AssertStreamAsync(stream, "a", "winner", "c");
    }

    [Theory]
    [InlineData(0)] // all racing to start the stream
    [InlineData(3)] // all racing to extend it
    public async Task Of_twenty_sessions_appending_at_the_same_version_at_once_exactly_one_wins(int existing)
    {
        const int writers = 20;
        var stream = Guid.NewGuid();
        if (existing > 0)
            await store.AppendCommittedAsync(stream, 0,
                Enumerable.Range(1, existing).Select(i => (object)new QuotaGranted("seed", i)).ToArray());

        var sessions = new IEventSession[writers];
        for (var i = 0; i < writers; i++) sessions[i] = await store.OpenSessionAsync(Ct);
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racing = sessions.Select((session, i) => Task.Run(async () =>
            {
                session.Append(stream, TestEvents.StreamType, existing,
                    new QuotaGranted($"writer-{i}", 1m), new QuotaConsumed($"writer-{i}", 1m, null));
                await start.Task;
                try
                {
                    await session.SaveChangesAsync(TestEvents.Metadata(actor: $"writer-{i}"), Ct);
                    await session.CommitAsync(Ct);
                    return (Writer: i, Won: true);
                }
                catch (ConcurrencyException e) when (e.StreamId == stream && e.ExpectedVersion == existing)
                {
                    // As a caller does: end the losing session at once (it may hold the row lock it waited for).
                    await session.DisposeAsync();
                    return (Writer: i, Won: false);
                }
            })).ToArray();
            start.SetResult();
            var outcomes = await Task.WhenAll(racing);

            var winner = Assert.Single(outcomes, o => o.Won).Writer;
            await AssertStreamAsync(stream, [.. Enumerable.Repeat("seed", existing), $"writer-{winner}", $"writer-{winner}"]);
        }
        finally
        {
            foreach (var session in sessions) await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task Locking_streams_makes_a_second_writer_wait_until_the_first_commits()
    {
        var (s1, s2) = (Guid.NewGuid(), Guid.NewGuid());
        await store.AppendCommittedAsync(s1, 0, new QuotaGranted("s1", 1m));
        await store.AppendCommittedAsync(s2, 0, new QuotaGranted("s2", 1m), new QuotaGranted("s2", 2m));

        await using var first = await store.OpenSessionAsync(Ct);
        var locked = await first.LockStreamsAsync([s1, s2, Guid.NewGuid()], Ct);
        Assert.Equal(new Dictionary<Guid, long> { [s1] = 1, [s2] = 2 }, locked); // a missing stream is left out

        await using var second = await store.OpenSessionAsync(Ct);
        var waiting = second.LockStreamsAsync([s2, s1], Ct);
        await db.WaitUntilBlockedOnLockAsync(second.Connection.ProcessID);
        Assert.False(waiting.IsCompleted);

        first.Append(s1, TestEvents.StreamType, 1, new QuotaConsumed("s1", 1m, "first"));
        first.Append(s2, TestEvents.StreamType, 2, new QuotaConsumed("s2", 1m, "first"));
        await first.SaveChangesAsync(TestEvents.Metadata(), Ct);
        await first.CommitAsync(Ct);

        // The second writer decides on the versions the first one left, so its append succeeds.
        Assert.Equal(new Dictionary<Guid, long> { [s1] = 2, [s2] = 3 }, await waiting);
        second.Append(s1, TestEvents.StreamType, 2, new QuotaConsumed("s1", 1m, "second"));
        await second.SaveChangesAsync(TestEvents.Metadata(), Ct);
        await second.CommitAsync(Ct);
        await AssertStreamAsync(s1, "s1", "s1", "s1");
    }

    [Fact]
    public async Task Writers_locking_the_same_hot_streams_named_in_any_order_never_deadlock()
    {
        const int workers = 16, rounds = 15;
        var hot = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var stream in hot) await store.AppendCommittedAsync(stream, 0, new QuotaGranted("seed", 1m));

        var deadlocks = 0;
        var committed = 0L;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            await start.Task;
            for (var round = 0; round < rounds; round++)
            {
                // Two or more of the hot streams, in an order of the worker's own, as a transfer names its lots.
                var chosen = hot.OrderBy(_ => random.Next()).Take(random.Next(2, hot.Length + 1)).ToArray();
                try
                {
                    await using var session = await store.OpenSessionAsync(Ct);
                    var versions = await session.LockStreamsAsync(chosen, Ct);
                    foreach (var stream in chosen)
                        session.Append(stream, TestEvents.StreamType, versions[stream], new QuotaConsumed($"worker-{w}", 0.01m, null));
                    await session.SaveChangesAsync(TestEvents.Metadata(actor: $"worker-{w}"), Ct);
                    await session.CommitAsync(Ct);
                    Interlocked.Add(ref committed, chosen.Length);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected)
                {
                    Interlocked.Increment(ref deadlocks);
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, deadlocks);
        // No lock was lost either: every append of every round is in the streams, one version after another.
        var appended = 0L;
        foreach (var stream in hot)
        {
            var events = await store.FetchAsync(stream);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
            appended += events.Count - 1;
        }
        Assert.Equal(committed, appended);
    }

    [Fact]
    public async Task The_sequence_numbers_of_a_failed_save_are_filled_with_tombstones_the_ledger_can_hash()
    {
        await using var own = await LedgerDatabase.CreateAsync();
        var stream = Guid.NewGuid();
        await own.Store.AppendCommittedAsync(stream, 0, new QuotaGranted("first", 1m));
        await using (var session = await own.Store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestEvents.StreamType, 0, new QuotaGranted("second", 2m), new QuotaGranted("second", 3m));
            await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestEvents.Metadata(), Ct));
        }

        // Marten writes the tombstones after the failure, on a connection of its own.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await own.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type = $1", MartenSetup.TombstoneType) == 0
               && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        var drawn = await own.ScalarAsync<long>("SELECT last_value FROM mt_events_sequence");
        Assert.Equal(Enumerable.Range(1, (int)drawn).Select(s => (long)s), await own.ColumnAsync<long>("SELECT seq_id FROM mt_events ORDER BY seq_id"));
        Assert.Equal(drawn, await own.ScalarAsync<long>("SELECT count(*) FROM ql_event_hashes"));
        Assert.Empty(await own.Verifier.VerifyAsync(Ct));
    }

    private async Task AssertStreamAsync(Guid stream, params string[] holders)
    {
        var events = await store.FetchAsync(stream);
        Assert.Equal(holders, events.Select(e => TestEvents.Holder(e.Data)));
        Assert.Equal(Enumerable.Range(1, holders.Length).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(holders.Length, await db.StreamVersionAsync(stream));
    }
}
