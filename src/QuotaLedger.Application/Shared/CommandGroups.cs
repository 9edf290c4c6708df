using System.Diagnostics.Metrics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// Group commit. Commands that arrive together share one PostgreSQL transaction: each takes its turn on it (a savepoint
/// of its own, decided on the state the commands before it left), and the group commits once; no command learns its
/// outcome before that commit, a refusal included, since a refusal may rest on what the commands before it wrote.
/// </summary>
/// <remarks>
/// A group is what arrived while the group before it was executing, up to <see cref="MaxSize"/>: on an idle database
/// a command runs at once, alone, and nothing ever waits on a timer. While one group commits the next executes on a
/// connection of its own, so that the commit's wait for the disk is not idle time. Lock order stays deadlock-free
/// within a service instance: one group executes at a time, and the group it may wait on is only committing, holding
/// locks it is no longer taking. The commands of a turn run on their own requests' flow (their logging scopes and
/// traces); this loop only hands the transaction from one to the next.
/// </remarks>
public sealed class CommandGroups : IAsyncDisposable
{
    /// <summary>The most commands one transaction carries: as many as the bench's highest concurrency sends at once.</summary>
    public const int MaxSize = 64;

    public const string MeterName = "QuotaLedger";

    // Not marked single-reader, though it has one: only then does the channel count what it holds (Waiting).
    private readonly Channel<Member> arrivals = Channel.CreateUnbounded<Member>();
    private readonly IEventStore store;
    private readonly Histogram<int> sizes;
    private readonly Task loop;

    public CommandGroups(IEventStore store, IMeterFactory meters)
    {
        this.store = store;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("quotaledger.command_group.waiting", () => Waiting, unit: "{command}",
            description: "Commands waiting for a place in a group.");
        sizes = meter.CreateHistogram<int>(
            "quotaledger.command_group.size", unit: "{command}", description: "Commands committed by one PostgreSQL transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64] });
        loop = Task.Run(FormGroupsAsync);
    }

    /// <summary>Commands sent that have not yet been given their turn.</summary>
    public int Waiting => arrivals.Reader.Count;

    /// <summary>
    /// Runs <paramref name="command"/> in its turn of a group and answers once the group has committed: its result, what
    /// it threw (its own work then rolled back), or the commit's failure.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<ISharedTransaction, Task<T>> command)
    {
        var member = new Member();
        if (!arrivals.Writer.TryWrite(member)) throw new ObjectDisposedException(nameof(CommandGroups));
        var shared = await member.Turn.Task;
        T result = default!;
        ExceptionDispatchInfo? refusal = null;
        try
        {
            result = await command(shared);
        }
        catch (Exception e)
        {
            refusal = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            member.TurnEnded.SetResult();
        }

        await member.Committed.Task;
        refusal?.Throw();
        return result;
    }

    private async Task FormGroupsAsync()
    {
        var committing = Task.CompletedTask;
        var reader = arrivals.Reader;
        while (await reader.WaitToReadAsync())
        {
            var group = new List<Member>();
            while (group.Count < MaxSize && reader.TryRead(out var member)) group.Add(member);

            ISharedTransaction shared;
            try
            {
                shared = await store.BeginSharedTransactionAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                foreach (var member in group) member.Turn.SetException(e);
                continue;
            }

            foreach (var member in group)
            {
                member.Turn.SetResult(shared);
                await member.TurnEnded.Task;
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
        await loop;
    }

    /// <summary>One command's place in a group: its turn on the transaction, the end of that turn, the group's commit.</summary>
    private sealed class Member
    {
        public TaskCompletionSource<ISharedTransaction> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource TurnEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
