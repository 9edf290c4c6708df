using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

/// <summary>
/// Tests that depend on PostgreSQL's snapshot horizon, which is cluster-wide: they run alone, so that no other test
/// class of this assembly holds a transaction open meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SnapshotHorizonCollection
{
    public const string Name = "snapshot horizon (not parallel)";
}

[Collection(SnapshotHorizonCollection.Name)]
public sealed class HighWaterMarkTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private readonly PostgresEventStore store = TestStore.Store(db.DataSource);
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task The_mark_stays_below_an_append_still_in_flight_and_passes_it_once_committed()
    {
        var mark = new HighWaterMark(db.DataSource);
        var start = await SettledMarkAsync(mark);

        await using var slow = await store.OpenSessionAsync(Ct);
        slow.Append(Guid.NewGuid(), TestStore.StreamType, 0, new QuotaGranted("slow", 1m));
        var n = (await slow.SaveChangesAsync(TestStore.Metadata(), Ct)).Single().Sequence;
        Assert.Equal(start + 1, n);
        var fast = await TestStore.AppendCommittedAsync(store, Guid.NewGuid(), 0, new QuotaGranted("fast", 1m));
        Assert.Equal(n + 1, fast.Single().Sequence);

        // n + 1 is visible, n is not yet: however often it is asked, and by whom, the mark stays below n.
        Assert.Equal(start, await mark.AdvanceAsync(Ct));
        Assert.Equal(start, await mark.AdvanceAsync(Ct));
        var other = new HighWaterMark(db.DataSource);
        Assert.Equal(start, await other.AdvanceAsync(Ct));
        Assert.Equal(start, await other.AdvanceAsync(Ct));
        Assert.Equal(start, await StoredMarkAsync());

        await slow.CommitAsync(Ct);
        Assert.Equal(n + 1, await mark.AdvanceAsync(Ct));
        Assert.Equal(n + 1, await StoredMarkAsync());
        Assert.Equal(n + 1, await other.AdvanceAsync(Ct));
    }

    [Fact]
    public async Task A_rolled_back_append_leaves_a_hole_that_the_mark_skips_once_no_transaction_could_fill_it()
    {
        var mark = new HighWaterMark(db.DataSource);
        var start = await SettledMarkAsync(mark);

        long hole;
        await using (var doomed = await store.OpenSessionAsync(Ct))
        {
            doomed.Append(Guid.NewGuid(), TestStore.StreamType, 0, new QuotaGranted("doomed", 1m));
            hole = (await doomed.SaveChangesAsync(TestStore.Metadata(), Ct)).Single().Sequence;
        } // disposed without commit: rolled back, its sequence number is never reused
        var after = (await TestStore.AppendCommittedAsync(store, Guid.NewGuid(), 0, new QuotaGranted("after", 1m))).Single().Sequence;
        Assert.Equal((start + 1, start + 2), (hole, after));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_events WHERE seq_id = $1", hole));

        // The first look only sees the hole: its writer might still be running.
        Assert.Equal(start, await mark.AdvanceAsync(Ct));
        // Once every transaction running at that look has ended, the hole is for ever: the next look skips it.
        await TestStore.WaitForOlderTransactionsToEndAsync(db);
        Assert.Equal(after, await mark.AdvanceAsync(Ct));
        Assert.Equal(after, await StoredMarkAsync());
        Assert.Equal(after, await new HighWaterMark(db.DataSource).AdvanceAsync(Ct)); // the skip is remembered
    }

    [Fact]
    public async Task The_mark_follows_committed_appends_through_several_streams_and_batches()
    {
        var mark = new HighWaterMark(db.DataSource);
        var start = await SettledMarkAsync(mark);

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            for (var i = 0; i < 5; i++)
                session.Append(Guid.NewGuid(), TestStore.StreamType, 0, new QuotaGranted("a", i), new QuotaGranted("b", i));
            await session.SaveChangesAsync(TestStore.Metadata(), Ct);
            Assert.Equal(start, await mark.AdvanceAsync(Ct)); // not committed: nothing to see
            await session.CommitAsync(Ct);
        }
        Assert.Equal(start + 10, await mark.AdvanceAsync(Ct));
        Assert.Equal(start + 10, await mark.AdvanceAsync(Ct));
    }

    /// <summary>The mark over everything the earlier tests of this class left, all of it committed or skipped.</summary>
    private async Task<long> SettledMarkAsync(HighWaterMark mark)
    {
        var reached = await mark.AdvanceAsync(Ct);
        Assert.Equal(await TestStore.MaxSequenceAsync(db), reached);
        return reached;
    }

    private async Task<long> StoredMarkAsync() =>
        await db.ScalarAsync<long>("SELECT last_seq_id FROM ql_progress WHERE name = $1", HighWaterMark.ProgressName);
}
