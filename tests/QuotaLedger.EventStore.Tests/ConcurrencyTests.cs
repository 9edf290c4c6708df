using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

public sealed class ConcurrencyTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private readonly PostgresEventStore store = TestStore.Store(db.DataSource);
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Creating_a_stream_that_already_exists_is_a_concurrency_conflict_that_burns_no_sequence_number()
    {
        var stream = Guid.NewGuid();
        await TestStore.AppendCommittedAsync(store, stream, 0, new QuotaGranted("first", 1m), new QuotaGranted("first", 2m));
        var last = await TestStore.MaxSequenceAsync(db);

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestStore.StreamType, 0, new QuotaGranted("second", 3m));
            var e = await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestStore.Metadata(), Ct));
            Assert.Equal((stream, 0L), (e.StreamId, e.ExpectedVersion));
        }

        await AssertStreamAsync(stream, version: 2, "first", "first");
        var next = await TestStore.AppendCommittedAsync(store, stream, 2, new QuotaGranted("third", 4m));
        Assert.Equal(last + 1, next.Single().Sequence);
    }

    [Fact]
    public async Task Appending_with_a_stale_expected_version_is_a_conflict_that_writes_nothing_and_burns_no_sequence_number()
    {
        var stream = Guid.NewGuid();
        await TestStore.AppendCommittedAsync(store, stream, 0, new QuotaGranted("a", 1m), new QuotaGranted("a", 2m));
        await TestStore.AppendCommittedAsync(store, stream, 2, new QuotaGranted("b", 3m)); // the winner: now at 3
        var last = await TestStore.MaxSequenceAsync(db);

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestStore.StreamType, 2, new QuotaGranted("stale", 9m), new QuotaGranted("stale", 9m));
            var e = await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestStore.Metadata(), Ct));
            Assert.Equal((stream, 2L), (e.StreamId, e.ExpectedVersion));
        }
        // A version ahead of the stream is stale too.
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestStore.StreamType, 7, new QuotaGranted("ahead", 9m));
            await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestStore.Metadata(), Ct));
        }
        // And appending to a stream that does not exist yet, with a non-zero version.
        var missing = Guid.NewGuid();
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(missing, TestStore.StreamType, 1, new QuotaGranted("nowhere", 9m));
            await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestStore.Metadata(), Ct));
        }

        await AssertStreamAsync(stream, version: 3, "a", "a", "b");
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_streams WHERE id = $1", missing));
        var next = await TestStore.AppendCommittedAsync(store, stream, 3, new QuotaGranted("c", 4m), new QuotaGranted("c", 5m));
        Assert.Equal([last + 1, last + 2], next.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_session_appending_to_several_streams_of_which_one_is_stale_names_that_stream_and_writes_nothing()
    {
        var (current, stale, fresh) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await TestStore.AppendCommittedAsync(store, current, 0, new QuotaGranted("current", 1m));
        await TestStore.AppendCommittedAsync(store, stale, 0, new QuotaGranted("stale", 1m), new QuotaGranted("stale", 2m));
        var last = await TestStore.MaxSequenceAsync(db);

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(fresh, TestStore.StreamType, 0, new QuotaGranted("fresh", 3m));
            session.Append(stale, TestStore.StreamType, 1, new QuotaGranted("stale", 3m));
            session.Append(current, TestStore.StreamType, 1, new QuotaGranted("current", 3m));
            var e = await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync(TestStore.Metadata(), Ct));
            Assert.Equal((stale, 1L), (e.StreamId, e.ExpectedVersion));
        }

        await AssertStreamAsync(current, version: 1, "current");
        await AssertStreamAsync(stale, version: 2, "stale", "stale");
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_streams WHERE id = $1", fresh));
        var next = await TestStore.AppendCommittedAsync(store, current, 1, new QuotaGranted("current", 4m));
        Assert.Equal(last + 1, next.Single().Sequence);
    }

    [Fact]
    public async Task A_writer_that_loses_while_waiting_for_the_winner_to_commit_gets_a_conflict()
    {
        var stream = Guid.NewGuid();
        await TestStore.AppendCommittedAsync(store, stream, 0, new QuotaGranted("a", 1m));
        var last = await TestStore.MaxSequenceAsync(db);

        await using var winner = await store.OpenSessionAsync(Ct);
        winner.Append(stream, TestStore.StreamType, 1, new QuotaGranted("winner", 2m));
        await winner.SaveChangesAsync(TestStore.Metadata(), Ct);

        var loser = await store.OpenSessionAsync(Ct);
        await using (loser)
        {
            loser.Append(stream, TestStore.StreamType, 1, new QuotaGranted("loser", 3m));
            var losing = loser.SaveChangesAsync(TestStore.Metadata(), Ct);
            await TestStore.WaitUntilBlockedOnLockAsync(db, loser.Connection.ProcessID);

            await winner.CommitAsync(Ct);
            await Assert.ThrowsAsync<ConcurrencyException>(() => losing);
            // PostgreSQL keeps the row lock the losing UPDATE waited for until its transaction ends: the losing
            // session must be disposed (as every caller does on a conflict) before the stream can be written again.
        }

        await AssertStreamAsync(stream, version: 2, "a", "winner");
        var next = await TestStore.AppendCommittedAsync(store, stream, 2, new QuotaGranted("c", 4m));
        Assert.Equal(last + 2, next.Single().Sequence);
    }

    [Theory]
    [InlineData(0)] // all racing to create the stream
    [InlineData(3)] // all racing to extend it
    public async Task Of_twenty_sessions_appending_at_the_same_version_at_once_exactly_one_wins(int existing)
    {
        const int writers = 20;
        var stream = Guid.NewGuid();
        if (existing > 0)
            await TestStore.AppendCommittedAsync(store, stream, 0,
                Enumerable.Range(1, existing).Select(i => (object)new QuotaGranted("seed", i)).ToArray());
        var last = await TestStore.MaxSequenceAsync(db);

        var sessions = new IEventSession[writers];
        for (var i = 0; i < writers; i++) sessions[i] = await store.OpenSessionAsync(Ct);
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racing = sessions.Select((session, i) => Task.Run(async () =>
            {
                session.Append(stream, TestStore.StreamType, existing,
                    new QuotaGranted($"writer-{i}", 1m), new QuotaConsumed($"writer-{i}", 1m, null));
                await start.Task;
                try
                {
                    await session.SaveChangesAsync(TestStore.Metadata(actor: $"writer-{i}"), Ct);
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
            var events = await FetchAsync(stream);
            Assert.Equal(Enumerable.Range(1, existing + 2).Select(v => (long)v), events.Select(e => e.Version));
            Assert.Equal(
                Enumerable.Repeat("seed", existing).Concat([$"writer-{winner}", $"writer-{winner}"]),
                events.Select(e => Holder(e.Data)));
            Assert.Equal((long)existing + 2, await db.ScalarAsync<long>("SELECT version FROM ql_streams WHERE id = $1", stream));
            // The losers drew no sequence number: the winner's events and the next append follow on without a gap.
            Assert.Equal([last + 1, last + 2], events.Skip(existing).Select(e => e.Sequence));
            var next = await TestStore.AppendCommittedAsync(store, stream, existing + 2, new QuotaGranted("after", 1m));
            Assert.Equal(last + 3, next.Single().Sequence);
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
        await TestStore.AppendCommittedAsync(store, s1, 0, new QuotaGranted("s1", 1m));
        await TestStore.AppendCommittedAsync(store, s2, 0, new QuotaGranted("s2", 1m), new QuotaGranted("s2", 2m));

        await using var first = await store.OpenSessionAsync(Ct);
        var locked = await first.LockStreamsAsync([s1, s2, Guid.NewGuid()], Ct);
        Assert.Equal(new Dictionary<Guid, long> { [s1] = 1, [s2] = 2 }, locked); // a missing stream is left out

        await using var second = await store.OpenSessionAsync(Ct);
        var waiting = second.LockStreamsAsync([s2, s1], Ct); // the other order: locks are taken in id order anyway
        await TestStore.WaitUntilBlockedOnLockAsync(db, second.Connection.ProcessID);
        Assert.False(waiting.IsCompleted);

        first.Append(s1, TestStore.StreamType, 1, new QuotaConsumed("s1", 1m, "first"));
        first.Append(s2, TestStore.StreamType, 2, new QuotaConsumed("s2", 1m, "first"));
        await first.SaveChangesAsync(TestStore.Metadata(), Ct);
        await first.CommitAsync(Ct);

        // The second writer decides on the versions the first one left, so its append succeeds.
        Assert.Equal(new Dictionary<Guid, long> { [s1] = 2, [s2] = 3 }, await waiting);
        second.Append(s1, TestStore.StreamType, 2, new QuotaConsumed("s1", 1m, "second"));
        await second.SaveChangesAsync(TestStore.Metadata(), Ct);
        await second.CommitAsync(Ct);
        await AssertStreamAsync(s1, version: 3, "s1", "s1", "s1");
    }

    private static string Holder(object data) => data switch
    {
        QuotaGranted g => g.Holder,
        QuotaConsumed c => c.Holder,
        _ => throw new InvalidOperationException($"unexpected {data}"),
    };

    private async Task<IReadOnlyList<RecordedEvent>> FetchAsync(Guid stream)
    {
        await using var session = await store.OpenSessionAsync(Ct);
        return await session.FetchStreamAsync(stream, Ct);
    }

    private async Task AssertStreamAsync(Guid stream, long version, params string[] holders)
    {
        var events = await FetchAsync(stream);
        Assert.Equal(holders, events.Select(e => Holder(e.Data)));
        Assert.Equal(Enumerable.Range(1, holders.Length).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(version, await db.ScalarAsync<long>("SELECT version FROM ql_streams WHERE id = $1", stream));
    }
}
