using QuotaLedger.Store.Tests.Support;

namespace QuotaLedger.Store.Tests;

/// <summary>
/// A transaction shared by a group of commands, each on a savepoint of its own: what a command keeps commits with the
/// group, what it does not keep leaves no trace, and a failed statement spoils nothing for the commands after it.
/// </summary>
public sealed class SharedTransactionTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly IEventStore store = db.Store;
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Commands_kept_commit_together_and_one_that_failed_midway_leaves_nothing_behind()
    {
        var (first, abandoned, last, existing) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await store.AppendCommittedAsync(existing, 0, new QuotaGranted("holder-e", 1m));
        var countEvents = $"SELECT count(*) FROM mt_events e WHERE {MartenSetup.IsLedgerEvent("e")}";
        var before = await db.ScalarAsync<long>(countEvents);

        await using (var shared = await store.BeginSharedTransactionAsync(5, Ct))
        {
            await KeepAsync(shared, first, 0, new QuotaGranted("holder-a", 10m));
            await using (var command = await shared.BeginCommandAsync(null, null, Ct))
            {
                // Written, then not kept: the command was refused after its events were saved.
                command.Append(abandoned, TestEvents.StreamType, 0, new QuotaGranted("holder-b", 5m));
                await command.SaveChangesAsync(TestEvents.Metadata(), Ct);
            }
            await using (var command = await shared.BeginCommandAsync(null, null, Ct))
            {
                // A failed statement aborts the transaction up to the savepoint only.
                command.Append(existing, TestEvents.StreamType, 0, new QuotaGranted("holder-e", 2m));
                await Assert.ThrowsAsync<ConcurrencyException>(() => command.SaveChangesAsync(TestEvents.Metadata(), Ct));
            }
            await KeepAsync(shared, first, 1, new QuotaConsumed("holder-a", 4m, "sees the first command's event"));
            await KeepAsync(shared, last, 0, new QuotaGranted("holder-c", 3m));

            Assert.Equal(before, await db.ScalarAsync<long>(countEvents));
            await shared.CommitAsync(Ct);
        }

        Assert.Equal([10m, 4m], (await store.FetchAsync(first)).Select(e => e.Data switch
        {
            QuotaGranted g => g.Tonnes,
            QuotaConsumed c => c.Tonnes,
            _ => 0m,
        }));
        Assert.Single(await store.FetchAsync(last));
        Assert.Empty(await store.FetchAsync(abandoned));
        Assert.Single(await store.FetchAsync(existing));
        Assert.Equal(before + 3, await db.ScalarAsync<long>(countEvents));
        Assert.Empty(await db.Verifier.VerifyAsync(Ct));
    }

    [Fact]
    public async Task Nothing_of_the_group_is_seen_before_its_commit_and_nothing_of_it_survives_a_rollback()
    {
        var stream = Guid.NewGuid();
        await using (var shared = await store.BeginSharedTransactionAsync(1, Ct))
        {
            await KeepAsync(shared, stream, 0, new QuotaGranted("holder-d", 1m));
            Assert.Empty(await store.FetchAsync(stream));
        }

        Assert.Empty(await store.FetchAsync(stream));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_only_command_of_a_transaction_that_is_not_kept_leaves_nothing_behind(bool failedMidway)
    {
        var (stream, existing) = (Guid.NewGuid(), Guid.NewGuid());
        await store.AppendCommittedAsync(existing, 0, new QuotaGranted("holder-f", 1m));
        await using (var shared = await store.BeginSharedTransactionAsync(1, Ct))
        {
            await using (var command = await shared.BeginCommandAsync(null, null, Ct))
            {
                command.Append(stream, TestEvents.StreamType, 0, new QuotaGranted("holder-g", 5m));
                if (failedMidway) command.Append(existing, TestEvents.StreamType, 0, new QuotaGranted("holder-f", 2m));
                if (failedMidway) await Assert.ThrowsAsync<ConcurrencyException>(() => command.SaveChangesAsync(TestEvents.Metadata(), Ct));
                else await command.SaveChangesAsync(TestEvents.Metadata(), Ct);
            }
            // Without a savepoint of its own, the transaction itself is undone, and the group's commit reports no failure.
            await shared.CommitAsync(Ct);
        }

        Assert.Empty(await store.FetchAsync(stream));
        Assert.Single(await store.FetchAsync(existing));
    }

    [Fact]
    public async Task A_group_refuses_to_commit_while_a_command_is_still_open()
    {
        await using var shared = await store.BeginSharedTransactionAsync(2, Ct);
        await using var open = await shared.BeginCommandAsync(null, null, Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => shared.BeginCommandAsync(null, null, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => shared.CommitAsync(Ct));
    }

    private static async Task KeepAsync(ISharedTransaction shared, Guid stream, long expectedVersion, object @event)
    {
        await using var command = await shared.BeginCommandAsync(null, null, Ct);
        command.Append(stream, TestEvents.StreamType, expectedVersion, @event);
        await command.SaveChangesAsync(TestEvents.Metadata(), Ct);
        await command.CommitAsync(Ct);
    }
}
