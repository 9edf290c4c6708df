using QuotaLedger.Store.Tests.Support;

namespace QuotaLedger.Store.Tests;

/// <summary>
/// Set-based writes across a group: commands begun with disjoint <see cref="WriteScope"/>s decide in their savepoints,
/// and their events go to the database together, in one batch, before the next command that could see them and before
/// the commit; what the database refuses in a batch breaks the whole group.
/// </summary>
public sealed class GroupWriteTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly IEventStore store = db.Store;
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Commands_with_disjoint_scopes_are_written_in_one_batch_each_with_its_own_metadata()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (alice, bob, carol) = (TestEvents.Metadata("alice", "org-a", "first"), TestEvents.Metadata("bob", "org-b", null),
            TestEvents.Metadata("carol", "org-c", "third", causationId: Guid.NewGuid()));
        await using (var shared = await store.BeginSharedTransactionAsync(3, Ct))
        {
            await KeepAsync(shared, Scope("150100"), a, 0, alice, new QuotaGranted("holder-a", 1m));
            await KeepAsync(shared, Scope("150200"), b, 0, bob, new QuotaGranted("holder-b", 2m));
            await KeepAsync(shared, Scope("150300"), c, 0, carol, new QuotaGranted("holder-c", 3m));
            Assert.Empty(shared.WriteBatches);
            await shared.CommitAsync(Ct);
            Assert.Equal([3], shared.WriteBatches);
        }

        foreach (var (stream, metadata) in new[] { (a, alice), (b, bob), (c, carol) })
        {
            var recorded = Assert.Single(await store.FetchAsync(stream)).Metadata;
            Assert.Equal((metadata.Actor, metadata.Organisation, metadata.Reason, metadata.CorrelationId, metadata.CausationId),
                (recorded.Actor, recorded.Organisation, recorded.Reason, recorded.CorrelationId, recorded.CausationId));
        }
        Assert.Empty(await db.Verifier.VerifyAsync(Ct));
    }

    [Fact]
    public async Task Waiting_writes_go_to_the_database_before_a_command_that_could_see_them()
    {
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var shared = await store.BeginSharedTransactionAsync(4, Ct);
        await KeepAsync(shared, Scope("150100"), a, 0, TestEvents.Metadata(), new QuotaGranted("holder-a", 1m));
        await KeepAsync(shared, Scope("150200", "150000"), b, 0, TestEvents.Metadata(), new QuotaGranted("holder-b", 1m));
        // Shares 150000 with the one before it, so it is begun on the database's view of both.
        await using (var command = await shared.BeginCommandAsync(null, Scope("150000"), Ct))
        {
            Assert.Equal([2], shared.WriteBatches);
            var versions = await command.LockStreamsAsync([a, b], Ct);
            Assert.Equal(1, versions[a]);
            command.Append(c, TestEvents.StreamType, 0, new QuotaGranted("holder-c", 1m));
            await command.SaveChangesAsync(TestEvents.Metadata(), Ct);
            await command.CommitAsync(Ct);
        }
        // No scope: it may read anything, so nothing may wait when it begins.
        await KeepAsync(shared, null, d, 0, TestEvents.Metadata(), new QuotaGranted("holder-d", 1m));
        Assert.Equal([2, 1], shared.WriteBatches);
        await shared.CommitAsync(Ct);

        foreach (var stream in new[] { a, b, c, d }) Assert.Single(await store.FetchAsync(stream));
    }

    [Fact]
    public async Task A_scoped_command_that_is_not_kept_leaves_nothing_behind_in_the_batch()
    {
        var (kept, refused) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var shared = await store.BeginSharedTransactionAsync(2, Ct))
        {
            await using (var command = await shared.BeginCommandAsync(null, Scope("150100"), Ct))
            {
                // Saved, then refused: its writes never join the waiting ones.
                command.Append(refused, TestEvents.StreamType, 0, new QuotaGranted("holder-r", 5m));
                await command.SaveChangesAsync(TestEvents.Metadata(), Ct);
            }
            await KeepAsync(shared, Scope("150100"), kept, 0, TestEvents.Metadata(), new QuotaGranted("holder-k", 1m));
            await shared.CommitAsync(Ct);
            Assert.Equal([1], shared.WriteBatches);
        }

        Assert.Empty(await store.FetchAsync(refused));
        Assert.Single(await store.FetchAsync(kept));
    }

    [Fact]
    public async Task A_batch_the_database_refuses_commits_nothing_of_the_group()
    {
        var (fresh, existing, earlier) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await store.AppendCommittedAsync(existing, 0, new QuotaGranted("holder-e", 1m));
        await using (var shared = await store.BeginSharedTransactionAsync(3, Ct))
        {
            await KeepAsync(shared, null, earlier, 0, TestEvents.Metadata(), new QuotaGranted("holder-x", 1m));
            await KeepAsync(shared, Scope("150100"), fresh, 0, TestEvents.Metadata(), new QuotaGranted("holder-f", 1m));
            // Its expected version is stale; the command cannot know, as its write waits for the batch.
            await KeepAsync(shared, Scope("150200"), existing, 0, TestEvents.Metadata(), new QuotaGranted("holder-e", 2m));

            await Assert.ThrowsAsync<GroupWriteConflictException>(() => shared.CommitAsync(Ct));
            await Assert.ThrowsAsync<GroupWriteConflictException>(() => shared.CommitAsync(Ct));
        }

        Assert.Empty(await store.FetchAsync(earlier));
        Assert.Empty(await store.FetchAsync(fresh));
        Assert.Single(await store.FetchAsync(existing));
        Assert.Empty(await db.Verifier.VerifyAsync(Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_command_that_reaches_into_a_waiting_stream_is_refused_and_the_group_goes_on(bool byReading)
    {
        var (waiting, other) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var shared = await store.BeginSharedTransactionAsync(3, Ct))
        {
            await KeepAsync(shared, Scope("150100"), waiting, 0, TestEvents.Metadata(), new QuotaGranted("holder-w", 1m));
            await using (var command = await shared.BeginCommandAsync(null, Scope("150200"), Ct))
            {
                if (byReading)
                {
                    await Assert.ThrowsAsync<GroupWriteConflictException>(() => command.LockStreamsAsync([waiting], Ct));
                }
                else
                {
                    // Blind to the stream's waiting event, it appends as if it were new.
                    command.Append(waiting, TestEvents.StreamType, 0, new QuotaGranted("holder-w", 2m));
                    await command.SaveChangesAsync(TestEvents.Metadata(), Ct);
                    await Assert.ThrowsAsync<GroupWriteConflictException>(() => command.CommitAsync(Ct));
                }
            }
            await KeepAsync(shared, Scope("150300"), other, 0, TestEvents.Metadata(), new QuotaGranted("holder-o", 1m));
            await shared.CommitAsync(Ct);
            Assert.Equal([2], shared.WriteBatches);
        }

        Assert.Equal(1m, Assert.IsType<QuotaGranted>(Assert.Single(await store.FetchAsync(waiting)).Data).Tonnes);
        Assert.Single(await store.FetchAsync(other));
    }

    [Fact]
    public async Task A_group_of_one_writes_at_once_whatever_its_scope()
    {
        var existing = Guid.NewGuid();
        await store.AppendCommittedAsync(existing, 0, new QuotaGranted("holder-s", 1m));
        await using var shared = await store.BeginSharedTransactionAsync(1, Ct);
        await using (var command = await shared.BeginCommandAsync(null, Scope("150100"), Ct))
        {
            // Refused by its own save: nothing waited.
            command.Append(existing, TestEvents.StreamType, 0, new QuotaGranted("holder-s", 2m));
            await Assert.ThrowsAsync<ConcurrencyException>(() => command.SaveChangesAsync(TestEvents.Metadata(), Ct));
        }
        await shared.CommitAsync(Ct);
        Assert.Empty(shared.WriteBatches);
    }

    private static WriteScope Scope(params string[] keys) => new(keys);

    private static async Task KeepAsync(ISharedTransaction shared, WriteScope? scope, Guid stream, long expectedVersion,
        EventMetadata metadata, object @event)
    {
        await using var command = await shared.BeginCommandAsync(null, scope, Ct);
        command.Append(stream, TestEvents.StreamType, expectedVersion, @event);
        await command.SaveChangesAsync(metadata, Ct);
        await command.CommitAsync(Ct);
    }
}
