using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// Commands that arrive together are committed as one group (<see cref="CommandGroups"/>): each decided on what the ones
/// before it left, each answered on its own, a refused one leaving nothing behind. The tests make a group by holding
/// the service on one command until the others have arrived, in the order given: with one group executing at a time,
/// the others wait for the next.
/// </summary>
public sealed class GroupCommitTests(GroupCommitTests.OneGroupAtATime api) : IClassFixture<GroupCommitTests.OneGroupAtATime>
{
    public sealed class OneGroupAtATime : LedgerApi
    {
        public OneGroupAtATime() => ConcurrentGroups = 1;
    }

    private const QuotaKind Surplus = QuotaKind.LinkageSurplus;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly HttpClient centre = api.Centre("alice");

    [Fact]
    public async Task A_group_commits_the_commands_around_a_refused_one_and_keeps_no_trace_of_it()
    {
        const string from = "150202", first = "150203", refused = "150204", last = "150205";
        var perTransfer = await EventsPerDirectTransferAsync();
        await api.IssueLotAsync(from, Surplus, Area(20));
        var events = await api.EventCountAsync();

        var (responses, sizes, _) = await AsOneGroupAsync(
            () => DirectAsync(from, first, Area(8)),
            () => DirectAsync(from, refused, Area(50)),
            () => DirectAsync(from, last, Area(8)));

        Assert.Contains(3, sizes);
        await responses[0].ReadAsync<CommandResult>(HttpStatusCode.Created);
        await responses[1].ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        await responses[2].ReadAsync<CommandResult>(HttpStatusCode.Created);
        Assert.Equal(Area(4), (await centre.BalanceAsync(from, Surplus)).Available);
        Assert.Equal(Area(8), (await centre.BalanceAsync(last, Surplus)).Available);
        Assert.True((await centre.BalanceAsync(refused, Surplus)).Available.IsZero);
        // Two direct transfers, each its proposal, approval and the lot events of its draw; nothing of the refused one.
        Assert.Equal(events + 2 * perTransfer, await api.EventCountAsync());
        Assert.Empty(await api.VerifyAsync());
    }

    [Fact]
    public async Task Two_commands_on_the_same_lot_in_one_group_see_each_others_effect()
    {
        const string from = "150302", to = "150303";
        await api.IssueLotAsync(from, Surplus, Area(10));

        var (responses, sizes, _) = await AsOneGroupAsync(
            () => DirectAsync(from, to, Area(6)),
            () => DirectAsync(from, to, Area(6)),
            () => DirectAsync(from, to, Area(4)));

        Assert.Contains(3, sizes);
        await responses[0].ReadAsync<CommandResult>(HttpStatusCode.Created);
        // Decided on the 4 the first left, not on the 10 the lot had when the group began.
        await responses[1].ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        await responses[2].ReadAsync<CommandResult>(HttpStatusCode.Created);
        var balance = await centre.BalanceAsync(from, Surplus);
        balance.ShouldBalance();
        Assert.True(balance.Available.IsZero);
        Assert.Equal(Area(10), (await centre.BalanceAsync(to, Surplus)).Available);
        Assert.Empty(await api.VerifyAsync());
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_in_one_group_has_one_effect_and_one_answer()
    {
        const string from = "150402", to = "150403";
        await api.IssueLotAsync(from, Surplus, Area(10));
        var key = Guid.NewGuid().ToString();

        var (responses, sizes, _) = await AsOneGroupAsync(
            () => DirectAsync(from, to, Area(3), key),
            () => DirectAsync(from, to, Area(3), key));

        Assert.Contains(2, sizes);
        var answers = new[]
        {
            await responses[0].ReadAsync<CommandResult>(HttpStatusCode.Created),
            await responses[1].ReadAsync<CommandResult>(HttpStatusCode.Created),
        };
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(Area(7), (await centre.BalanceAsync(from, Surplus)).Available);
        Assert.Equal(Area(3), (await centre.BalanceAsync(to, Surplus)).Available);
    }

    [Fact]
    public async Task A_command_that_waits_on_a_lock_behind_the_first_of_its_group_gives_way_and_is_decided_again_in_a_later_group()
    {
        const string from = "150602", to = "150603";
        await api.IssueLotAsync(from, Surplus, Area(10));
        // The second command's idempotency claim waits on a row another transaction holds for a second.
        await using var other = await HeldKeyAsync("alice");
        var released = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => other.Transaction.RollbackAsync()).Unwrap();

        var (responses, sizes, _) = await AsOneGroupAsync(
            () => DirectAsync(from, to, Area(2)),
            () => DirectAsync(from, to, Area(3), other.Key));
        await released;

        await responses[0].ReadAsync<CommandResult>(HttpStatusCode.Created);
        await responses[1].ReadAsync<CommandResult>(HttpStatusCode.Created);
        // The first committed without it, in a group of two; it, once the lock was free, in a group of its own.
        Assert.Equal([2, 1], sizes.TakeLast(2));
        Assert.Equal(Area(5), (await centre.BalanceAsync(to, Surplus)).Available);
        Assert.Empty(await api.VerifyAsync());
    }

    [Fact]
    public async Task Transfers_in_different_prefectures_are_written_in_one_batch_and_a_refused_one_between_them_leaves_no_trace()
    {
        // Four prefectures' own counties: no transfer can see another's lots or balances.
        (string From, string To)[] moves = [("150702", "150703"), ("150802", "150821"), ("150902", "150921"), ("152202", "152221")];
        foreach (var (from, _) in moves) await api.IssueLotAsync(from, Surplus, Area(10));
        var perTransfer = await EventsPerDirectTransferAsync();
        var events = await api.EventCountAsync();

        var (responses, sizes, batches) = await AsOneGroupAsync(
            () => DirectAsync(moves[0].From, moves[0].To, Area(4)),
            () => DirectAsync(moves[1].From, moves[1].To, Area(4)),
            () => DirectAsync(moves[2].From, moves[2].To, Area(40)),
            () => DirectAsync(moves[3].From, moves[3].To, Area(4)));

        Assert.Contains(4, sizes);
        Assert.Contains(3, batches);
        await responses[2].ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        foreach (var i in new[] { 0, 1, 3 })
        {
            await responses[i].ReadAsync<CommandResult>(HttpStatusCode.Created);
            Assert.Equal(Area(6), (await centre.BalanceAsync(moves[i].From, Surplus)).Available);
            Assert.Equal(Area(4), (await centre.BalanceAsync(moves[i].To, Surplus)).Available);
        }
        Assert.Equal(Area(10), (await centre.BalanceAsync(moves[2].From, Surplus)).Available);
        Assert.Equal(events + 3 * perTransfer, await api.EventCountAsync());
        Assert.Empty(await api.VerifyAsync());
    }

    [Fact]
    public async Task Transfers_that_share_a_prefecture_are_written_one_after_another_and_decided_on_each_others_effect()
    {
        // The second draws on the lot the first delivered to 152921, in the same group.
        await api.IssueLotAsync("152502", Surplus, Area(10));

        var (responses, sizes, batches) = await AsOneGroupAsync(
            () => DirectAsync("152502", "152921", Area(5)),
            () => DirectAsync("152921", "152922", Area(5)));

        Assert.Contains(2, sizes);
        Assert.DoesNotContain(2, batches);
        await responses[0].ReadAsync<CommandResult>(HttpStatusCode.Created);
        await responses[1].ReadAsync<CommandResult>(HttpStatusCode.Created);
        Assert.Equal(Area(5), (await centre.BalanceAsync("152922", Surplus)).Available);
        Assert.True((await centre.BalanceAsync("152921", Surplus)).Available.IsZero);
        Assert.Empty(await api.VerifyAsync());
    }

    [Fact]
    public async Task A_command_asked_to_run_alone_gets_a_group_of_its_own_between_the_others()
    {
        const string from = "152526", to = "152527";
        await api.IssueLotAsync(from, Surplus, Area(10));
        var groups = api.Services.GetRequiredService<CommandGroups>();

        var (responses, sizes, _) = await AsOneGroupAsync(
            () => DirectAsync(from, to, Area(1)),
            async () => await groups.RunAsync(async turn =>
            {
                // What a command decided again after its group broke does: its turn, alone.
                await using var events = await turn.BeginAsync(null, CancellationToken.None);
                return new HttpResponseMessage(HttpStatusCode.NoContent);
            }, GroupPlace.Alone),
            () => DirectAsync(from, to, Area(1)));

        await responses[0].ReadAsync<CommandResult>(HttpStatusCode.Created);
        await responses[2].ReadAsync<CommandResult>(HttpStatusCode.Created);
        // After the group of the command that held the lane: the first, the one alone, the last, a group each.
        Assert.Equal([1, 1, 1], sizes.TakeLast(3));
    }

    private Task<HttpResponseMessage> DirectAsync(string from, string to, Measures amount, string? idempotencyKey = null) =>
        centre.PostJsonAsync($"{Transfers}/direct", TransferBody(from, to, Surplus, amount), idempotencyKey);

    /// <summary>What one direct transfer of one lot adds to the ledger, measured on a transfer of its own.</summary>
    private async Task<long> EventsPerDirectTransferAsync()
    {
        const string from = "150502", to = "150521";
        await api.IssueLotAsync(from, Surplus, Area(1));
        var before = await api.EventCountAsync();
        await (await DirectAsync(from, to, Area(1))).ReadAsync<CommandResult>(HttpStatusCode.Created);
        return await api.EventCountAsync() - before;
    }

    /// <summary>
    /// Holds the service on a command whose idempotency claim waits for a row this test inserted and has not committed,
    /// sends <paramref name="requests"/> one after another while it waits, each once the one before it is queued, and
    /// lets go: they run as one group, in that order. Answers the responses, the sizes of the groups committed and those
    /// of their batches of writes.
    /// </summary>
    private async Task<(HttpResponseMessage[] Responses, IReadOnlyCollection<int> GroupSizes, IReadOnlyCollection<int> WriteBatches)>
        AsOneGroupAsync(params Func<Task<HttpResponseMessage>>[] requests)
    {
        var groups = api.Services.GetRequiredService<CommandGroups>();
        var meter = api.Services.GetRequiredService<IMeterFactory>().Create(CommandGroups.MeterName);
        var (sizes, batches) = (new ConcurrentQueue<int>(), new ConcurrentQueue<int>());
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name is "quotaledger.command_group.size" or "quotaledger.command_group.write_batch")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((instrument, size, _, _) =>
            (instrument.Name == "quotaledger.command_group.size" ? sizes : batches).Enqueue(size));
        listener.Start();

        const string holder = "group-holder";
        await using var held = await HeldKeyAsync(holder);
        var blocker = api.Centre(holder).PostJsonAsync($"{Transfers}/{Guid.NewGuid()}/approve", new { Reason = "holds the group" }, held.Key);
        await WaitUntilAsync(async () => await api.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0);
        var sent = new List<Task<HttpResponseMessage>>();
        foreach (var request in requests)
        {
            sent.Add(request());
            await WaitUntilAsync(() => Task.FromResult(groups.Waiting == sent.Count));
        }

        await held.Transaction.RollbackAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await blocker).StatusCode);
        var responses = await Task.WhenAll(sent);
        return (responses, sizes, batches);
    }

    /// <summary>
    /// An idempotency key of <paramref name="principal"/>'s, claimed by a transaction of the test's that has not committed:
    /// a command under that key waits on it.
    /// </summary>
    private async Task<HeldKey> HeldKeyAsync(string principal)
    {
        var key = Guid.NewGuid().ToString();
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var claim = new NpgsqlCommand(
            "INSERT INTO ql_idempotency (principal, key, request_hash) VALUES ($1, $2, 'held by the test')", connection, transaction);
        claim.Parameters.AddWithValue(principal);
        claim.Parameters.AddWithValue(key);
        await claim.ExecuteNonQueryAsync();
        return new HeldKey(key, connection, transaction);
    }

    private sealed record HeldKey(string Key, NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the service did not get there in time");
            await Task.Delay(10);
        }
    }
}
