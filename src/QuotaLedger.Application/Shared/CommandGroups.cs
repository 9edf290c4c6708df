using System.Diagnostics.Metrics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>How <see cref="CommandGroups"/> forms and runs groups.</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "GroupCommit";

    /// <summary>Groups executing at once, each on a connection of its own (and one more committing behind each).</summary>
    public int ConcurrentGroups { get; set; } = 16;

    /// <summary>
    /// How long a command that is not the first of its group waits for a lock another transaction holds before it gives
    /// way: rolled back to its savepoint and decided again at the head of a later group.
    /// </summary>
    public int LockWaitMilliseconds { get; set; } = 50;
}

/// <summary>
/// Group commit. Commands that arrive together share one PostgreSQL transaction: each takes its turn on it (a savepoint
/// of its own, decided on the state the commands before it left), and the group commits once; no command learns its
/// outcome before that commit, a refusal included, since a refusal may rest on what the commands before it wrote.
/// </summary>
/// <remarks>
/// A group is what arrived while the groups before it were executing, up to <see cref="MaxSize"/>: on an idle database
/// a command runs at once, alone, and nothing ever waits on a timer. Several groups execute at once
/// (<see cref="GroupCommitOptions.ConcurrentGroups"/>), and while one commits the next executes on a connection of its
/// own, so that the commit's wait for the disk is not idle time.
/// <para>
/// Groups of this and of other service instances can lock the same rows in different orders, one command after
/// another. No such cycle is left to PostgreSQL's deadlock detection (a second by default): only a group's first
/// command waits for locks as long as it takes, and it holds none of its group's; every other command waits at most
/// <see cref="GroupCommitOptions.LockWaitMilliseconds"/> and then gives way. A command that gave way (or lost a
/// deadlock) is run again as the first of a later group, where it cannot have to give way again.
/// </para>
/// <para>
/// The commands of a turn run on their own requests' flow (their logging scopes and traces); the lanes only hand the
/// transaction from one to the next.
/// </para>
/// </remarks>
public sealed class CommandGroups : IAsyncDisposable
{
    /// <summary>The most commands one transaction carries: as many as the bench's highest concurrency sends at once.</summary>
    public const int MaxSize = 64;

    public const string MeterName = "QuotaLedger";

    private static readonly InstrumentAdvice<int> CommandCounts = new() { HistogramBucketBoundaries = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64] };

    private readonly Channel<Member> arrivals = Channel.CreateUnbounded<Member>();
    private readonly IEventStore store;
    private readonly TimeSpan lockWait;
    private readonly Histogram<int> sizes;
    private readonly Histogram<int> writeBatches;
    private readonly Task[] lanes;

    public CommandGroups(IEventStore store, IMeterFactory meters, IOptions<GroupCommitOptions> options)
    {
        this.store = store;
        lockWait = TimeSpan.FromMilliseconds(options.Value.LockWaitMilliseconds);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("quotaledger.command_group.waiting", () => Waiting, unit: "{command}",
            description: "Commands waiting for a place in a group.");
        sizes = meter.CreateHistogram<int>(
            "quotaledger.command_group.size", unit: "{command}", description: "Commands committed by one PostgreSQL transaction.",
            advice: CommandCounts);
        writeBatches = meter.CreateHistogram<int>(
            "quotaledger.command_group.write_batch", unit: "{command}",
            description: "Commands of a committed group whose events were written together, by one batch of statements.",
            advice: CommandCounts);
        lanes = Enumerable.Range(0, Math.Max(1, options.Value.ConcurrentGroups)).Select(_ => Task.Run(RunLaneAsync)).ToArray();
    }

    /// <summary>Commands sent that have not yet been given their turn.</summary>
    public int Waiting => arrivals.Reader.Count;

    /// <summary>
    /// Runs <paramref name="command"/> in its turn of a group and answers once the group has committed: its result, what
    /// it threw (its own work then rolled back), or the commit's failure; in the <paramref name="place"/> asked.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CommandTurn, Task<T>> command, GroupPlace place = GroupPlace.Any)
    {
        var member = new Member(place);
        if (!arrivals.Writer.TryWrite(member)) throw new ObjectDisposedException(nameof(CommandGroups));
        var turn = await member.Turn.Task;
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        try
        {
            result = await command(turn);
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            member.TurnEnded.SetResult();
        }

        await member.Committed.Task;
        failure?.Throw();
        return result;
    }

    /// <summary>One lane: forms a group of what is waiting, executes it, and commits it while it executes the next.</summary>
    private async Task RunLaneAsync()
    {
        var committing = Task.CompletedTask;
        var reader = arrivals.Reader;
        Member? carried = null;
        while (carried is not null || await reader.WaitToReadAsync())
        {
            var group = new List<Member>();
            if (carried is not null) group.Add(carried);
            carried = null;
            while (group.Count < MaxSize && group is not [{ Place: GroupPlace.Alone }] && reader.TryRead(out var member))
            {
                if (member.Place != GroupPlace.Any && group.Count > 0)
                {
                    carried = member;
                    break;
                }
                group.Add(member);
            }
            if (group.Count == 0) continue; // another lane took what woke this one

            ISharedTransaction shared;
            try
            {
                shared = await store.BeginSharedTransactionAsync(group.Count, CancellationToken.None);
            }
            catch (Exception e)
            {
                foreach (var member in group) member.Turn.SetException(e);
                continue;
            }

            for (var i = 0; i < group.Count; i++)
            {
                group[i].Turn.SetResult(new CommandTurn(shared, i == 0 ? null : lockWait));
                await group[i].TurnEnded.Task;
            }

            await committing;
            committing = CommitAsync(shared, group);
        }

        await committing;
    }

    private async Task CommitAsync(ISharedTransaction shared, List<Member> group)
    {
        try
        {
            await shared.CommitAsync(CancellationToken.None);
            sizes.Record(group.Count);
            foreach (var batch in shared.WriteBatches) writeBatches.Record(batch);
            foreach (var member in group) member.Committed.SetResult();
        }
        catch (Exception e)
        {
            foreach (var member in group) member.Committed.SetException(e);
        }
        finally
        {
            try
            {
                await shared.DisposeAsync();
            }
            catch
            {
                // Committed or not, every member has its answer; a connection that fails to close is the pool's to drop.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        arrivals.Writer.TryComplete();
        await Task.WhenAll(lanes);
    }

    /// <summary>One command's place in a group: its turn on the transaction, the end of that turn, the group's commit.</summary>
    private sealed class Member(GroupPlace place)
    {
        public GroupPlace Place => place;
        public TaskCompletionSource<CommandTurn> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource TurnEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Where in a group a command runs.</summary>
public enum GroupPlace
{
    /// <summary>Wherever it arrives.</summary>
    Any,

    /// <summary>First of its group: it waits for locks as long as it takes, and gives way to no one.</summary>
    First,

    /// <summary>In a group of its own: nothing another command does can undo it.</summary>
    Alone,
}

/// <summary>A command's turn on its group's transaction, and how long it may wait there for a lock (null: no limit).</summary>
public sealed record CommandTurn(ISharedTransaction Transaction, TimeSpan? LockWait)
{
    /// <summary>Begins the command's session; with a <paramref name="scope"/>, its writes may wait for a batch (<see cref="WriteScope"/>).</summary>
    public Task<IEventSession> BeginAsync(WriteScope? scope, CancellationToken ct) => Transaction.BeginCommandAsync(LockWait, scope, ct);
}
