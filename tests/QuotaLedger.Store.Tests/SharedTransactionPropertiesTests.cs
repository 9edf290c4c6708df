using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QuotaLedger.Store.Tests.Support;

namespace QuotaLedger.Store.Tests;

/// <summary>
/// A group is the serial run of the commands it kept: whatever mix of kept, refused and conflicting commands one shared
/// transaction carries, with their writes made at once or waiting for a batch (a <see cref="WriteScope"/> per stream),
/// what it commits is what those kept would have committed one transaction each, in that order; or nothing at all, when
/// a conflict could only show in a batch.
/// </summary>
public sealed class SharedTransactionPropertiesTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private const int Streams = 3;
    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>How a command of the group ends.</summary>
    public enum Outcome
    {
        /// <summary>Saved and committed: its event is part of the group's commit.</summary>
        Kept,
        /// <summary>Saved, then refused (disposed uncommitted): rolled back to its savepoint.</summary>
        Refused,
        /// <summary>Appended at a version another command already took: the insert fails, the transaction aborts to the savepoint.</summary>
        Conflicting,
    }

    /// <summary>A command on one stream; a scoped one names its stream's key, so that it shares a batch with other streams'.</summary>
    public sealed record Command(int Stream, Outcome Outcome, bool Scoped);

    [Property(MaxTest = 40, EndSize = 24, Arbitrary = [typeof(Groups)])]
    public bool A_group_commits_exactly_what_its_kept_commands_would_have_committed_one_after_another(Command[] group) =>
        RunAsync(group).GetAwaiter().GetResult();

    private async Task<bool> RunAsync(Command[] group)
    {
        var streams = Enumerable.Range(0, Streams).Select(_ => Guid.NewGuid()).ToArray();
        var serial = streams.Select(_ => new List<decimal>()).ToArray();
        // A conflicting command whose write waits cannot be refused on its own: the batch it is in fails, and the group.
        var doomed = false;
        var groupRefused = false;
        await using (var shared = await db.Store.BeginSharedTransactionAsync(Math.Max(1, group.Length), Ct))
        {
            try
            {
                for (var i = 0; i < group.Length; i++)
                {
                    var (stream, outcome, scoped) = group[i];
                    var kept = serial[stream];
                    var tonnes = i + 1m;
                    await using var command = await shared.BeginCommandAsync(null, scoped ? new WriteScope([$"key-{stream}"]) : null, Ct);
                    // On a stream with no event yet there is no version to conflict on: the command is kept.
                    if (outcome == Outcome.Conflicting && kept.Count > 0)
                    {
                        command.Append(streams[stream], TestEvents.StreamType, kept.Count - 1, new QuotaGranted("conflicting", tonnes));
                        if (scoped && group.Length > 1)
                        {
                            await command.SaveChangesAsync(TestEvents.Metadata(), Ct);
                            await command.CommitAsync(Ct);
                            doomed = true;
                        }
                        else
                        {
                            await Assert.ThrowsAsync<ConcurrencyException>(() => command.SaveChangesAsync(TestEvents.Metadata(), Ct));
                        }
                        continue;
                    }

                    command.Append(streams[stream], TestEvents.StreamType, kept.Count, new QuotaGranted("group", tonnes));
                    await command.SaveChangesAsync(TestEvents.Metadata(), Ct);
                    if (outcome == Outcome.Refused) continue;
                    await command.CommitAsync(Ct);
                    kept.Add(tonnes);
                }
                await shared.CommitAsync(Ct);
            }
            catch (GroupWriteConflictException) when (doomed)
            {
                groupRefused = true;
            }
        }

        if (groupRefused != doomed) return false;
        for (var s = 0; s < Streams; s++)
        {
            var committed = (await db.Store.FetchAsync(streams[s])).Select(e => ((QuotaGranted)e.Data).Tonnes);
            if (!committed.SequenceEqual(doomed ? [] : serial[s])) return false;
        }
        return (await db.Verifier.VerifyAsync(Ct)).Count == 0;
    }

    public static class Groups
    {
        public static Arbitrary<Command[]> Commands() => Arb.From(
            Gen.Choose(0, Streams - 1)
                .Zip(Gen.Frequency((5, Gen.Constant(Outcome.Kept)), (2, Gen.Constant(Outcome.Refused)), (1, Gen.Constant(Outcome.Conflicting))))
                .Zip(Gen.Frequency((1, Gen.Constant(false)), (2, Gen.Constant(true))))
                .Select(t => new Command(t.Item1.Item1, t.Item1.Item2, t.Item2))
                .ArrayOf());
    }
}
