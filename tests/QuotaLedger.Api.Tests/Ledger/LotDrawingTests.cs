using System.Net;
using Npgsql;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Ledger;

/// <summary>
/// Commands draw on a holder's lots in the domain's order (oldest first; the county's own quota first for links and
/// deductions; the prefecture after the county) and hold only the lots they draw on, measure by measure, however many
/// lots the holder has and whatever concurrent commands took in the meantime.
/// </summary>
public sealed class LotDrawingTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Surplus = QuotaKind.LinkageSurplus;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly HttpClient centre = api.Centre();

    [Fact]
    public async Task A_transfer_draws_each_measure_from_the_oldest_lots_that_have_it_and_leaves_the_later_lots_untouched()
    {
        const string county = "150402", receiver = "150403";
        var first = await api.IssueLotAsync(county, QuotaKind.Replenishment, Replenishment(10, 100, 0));
        var second = await api.IssueLotAsync(county, QuotaKind.Replenishment, Replenishment(5, 1000, 5));
        var third = await api.IssueLotAsync(county, QuotaKind.Replenishment, Replenishment(50, 5000, 50));

        var transfer = await api.County(county).ProposeTransferAsync(county, receiver, QuotaKind.Replenishment, Replenishment(5, 500, 2));

        var shares = (await centre.GetAsync<ResourceView<Transfer>>($"{Transfers}/{transfer}")).Resource.Shares;
        Assert.Equal([new LotShare(first, Replenishment(5, 100, 0)), new LotShare(second, Replenishment(0, 400, 2))], shares);
        Assert.Equal(Replenishment(50, 5000, 50), (await centre.GetAsync<LotWithProvenance>($"{Lots}/{third}")).Resource.Available);
        var balance = await centre.BalanceAsync(county, QuotaKind.Replenishment);
        balance.ShouldBalance();
        Assert.Equal(Replenishment(5, 500, 2), balance.Reserved);
    }

    [Fact]
    public async Task A_holder_with_many_lots_moves_them_oldest_first_to_the_last_unit_and_no_further()
    {
        const string county = "150404", receiver = "150421";
        var lots = new List<Guid>();
        for (var i = 0; i < 25; i++) lots.Add(await api.IssueLotAsync(county, Surplus, Area(1)));
        var client = api.County(county);

        var small = await client.ProposeTransferAsync(county, receiver, Surplus, Area(2.5m));
        var large = await client.ProposeTransferAsync(county, receiver, Surplus, Area(20));

        Assert.Equal([new LotShare(lots[0], Area(1)), new LotShare(lots[1], Area(1)), new LotShare(lots[2], Area(0.5m))],
            await SharesAsync(small));
        Assert.Equal([new LotShare(lots[2], Area(0.5m)), .. lots[3..22].Select(l => new LotShare(l, Area(1))), new LotShare(lots[22], Area(0.5m))],
            await SharesAsync(large));

        var events = await api.EventCountAsync();
        await (await client.PostJsonAsync(Transfers, TransferBody(county, receiver, Surplus, Area(2.5001m))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        Assert.Equal(events, await api.EventCountAsync());

        var rest = await client.ProposeTransferAsync(county, receiver, Surplus, Area(2.5m));
        Assert.Equal([new LotShare(lots[22], Area(0.5m)), new LotShare(lots[23], Area(1)), new LotShare(lots[24], Area(1))],
            await SharesAsync(rest));
        var balance = await client.BalanceAsync(county, Surplus);
        balance.ShouldBalance();
        Assert.True(balance.Available.IsZero);
        Assert.Equal(Area(25), balance.Reserved);
    }

    [Fact]
    public async Task A_link_draws_on_the_county_s_own_quota_before_older_quota_moved_in()
    {
        const string county = "150422", neighbour = "150423";
        var received = await MovedLotAsync(neighbour, county, Area(10));
        var own = await api.IssueLotAsync(county, Surplus, Area(4));
        var client = api.County(county);

        var small = await client.LinkAsync(county, Surplus, "approval 1", Area(3));
        var large = await client.LinkAsync(county, Surplus, "approval 2", Area(5));

        Assert.Equal([new LotShare(own, Area(3))], await LinkSharesAsync(small));
        Assert.Equal([new LotShare(own, Area(1)), new LotShare(received, Area(4))], await LinkSharesAsync(large));
    }

    [Fact]
    public async Task A_deduction_takes_the_county_s_lots_then_the_oldest_lots_of_its_prefecture_that_cover_the_shortfall()
    {
        const string county = "150502", other = "150521", prefecture = "150500";
        var countyLot = await api.IssueLotAsync(county, Surplus, Area(2));
        Guid[] pooled = [await MovedLotAsync(other, prefecture, Area(3)), await MovedLotAsync(other, prefecture, Area(10))];

        var deduction = await centre.DeductAsync(county, Surplus, Area(4), "commitment 1");

        Assert.Equal([new DeductedShare(countyLot, county, Area(2)), new DeductedShare(pooled[0], prefecture, Area(2))],
            await DeductionSharesAsync(deduction));
        Assert.Equal(Area(11), (await centre.BalanceAsync(prefecture, Surplus)).Available);
    }

    [Fact]
    public async Task A_transfer_does_not_wait_for_a_lot_it_does_not_draw_on()
    {
        const string county = "150524", receiver = "150525";
        await api.IssueLotAsync(county, Surplus, Area(10));
        var later = await api.IssueLotAsync(county, Surplus, Area(10));
        var client = api.County(county);

        await using var held = await StreamLock.TakeAsync(api, later);
        var covered = client.PostJsonAsync(Transfers, TransferBody(county, receiver, Surplus, Area(3)));
        Assert.True(await FinishesWithinAsync(covered, Patience), "a transfer that the first lot covers waited for the second");
        await (await covered).ReadAsync<CommandResult>(HttpStatusCode.Created);

        // The lock holds: a transfer that needs the second lot waits for it.
        var needsLater = client.PostJsonAsync(Transfers, TransferBody(county, receiver, Surplus, Area(9)));
        await WaitForLockWaitersAsync(1);
        Assert.False(needsLater.IsCompleted);
        await held.DisposeAsync();
        await (await needsLater).ReadAsync<CommandResult>(HttpStatusCode.Created);
        Assert.Equal(Area(12), (await client.BalanceAsync(county, Surplus)).Reserved);
    }

    [Fact]
    public async Task A_transfer_whose_chosen_lot_was_drawn_on_while_it_waited_takes_the_rest_from_the_next_lot()
    {
        const string county = "150523", receiver = "150522";
        var first = await api.IssueLotAsync(county, Surplus, Area(10));
        var second = await api.IssueLotAsync(county, Surplus, Area(10));
        var client = api.County(county);

        // Both transfers choose the first lot alone (it has 10 of the 6 each needs); whichever locks it second finds only
        // 4 left there.
        var ids = await CreatedIdsAsync(await RaceForLotAsync(first, (instance, i) =>
            instance.County(county).PostJsonAsync(Transfers, TransferBody(county, receiver, Surplus, Area(6), $"transfer {i}"))));
        var shares = await FewestSharesFirstAsync(ids, SharesAsync);
        Assert.Equal([new LotShare(first, Area(6))], shares[0]);
        Assert.Equal([new LotShare(first, Area(4)), new LotShare(second, Area(2))], shares[1]);
        var balance = await client.BalanceAsync(county, Surplus);
        balance.ShouldBalance();
        Assert.Equal(Area(8), balance.Available);
        Assert.Equal(Area(12), balance.Reserved);
    }

    [Fact]
    public async Task A_deduction_whose_chosen_county_lot_was_drawn_on_while_it_waited_takes_the_rest_from_the_county_then_the_prefecture()
    {
        const string county = "150621", other = "150622", prefecture = "150600";
        // Quota moved in before the county's own lots, so drawing oldest first would differ from own quota first (R6).
        var movedIn = await MovedLotAsync(other, county, Area(2));
        var first = await api.IssueLotAsync(county, Surplus, Area(10));
        var second = await api.IssueLotAsync(county, Surplus, Area(3));
        Guid[] pooled = [await MovedLotAsync(other, prefecture, Area(4)), await MovedLotAsync(other, prefecture, Area(10))];

        // Both deductions choose the county's first own lot alone (it has the 10 each needs); whichever locks it second
        // finds nothing left there.
        var ids = await CreatedIdsAsync(await RaceForLotAsync(first, (instance, i) =>
            instance.Centre().PostJsonAsync(Deductions, DeductionBody(county, Surplus, Area(10), $"commitment {i}"))));

        var shares = await FewestSharesFirstAsync(ids, DeductionSharesAsync);
        Assert.Equal([new DeductedShare(first, county, Area(10))], shares[0]);
        Assert.Equal([
            new DeductedShare(second, county, Area(3)), new DeductedShare(movedIn, county, Area(2)),
            new DeductedShare(pooled[0], prefecture, Area(4)), new DeductedShare(pooled[1], prefecture, Area(1)),
        ], shares[1]);
        var countyBalance = await centre.BalanceAsync(county, Surplus);
        countyBalance.ShouldBalance();
        Assert.True(countyBalance.Available.IsZero);
        Assert.Equal(Area(15), countyBalance.Deducted);
        var prefectureBalance = await centre.BalanceAsync(prefecture, Surplus);
        prefectureBalance.ShouldBalance();
        Assert.Equal(Area(9), prefectureBalance.Available);
        Assert.Equal(Area(5), prefectureBalance.Deducted);
    }

    [Fact]
    public async Task A_link_whose_chosen_lot_was_drawn_on_while_it_waited_takes_the_rest_from_the_county_s_next_own_lot()
    {
        const string county = "150429", neighbour = "150430";
        var movedIn = await MovedLotAsync(neighbour, county, Area(10));
        var first = await api.IssueLotAsync(county, Surplus, Area(6));
        var second = await api.IssueLotAsync(county, Surplus, Area(6));
        var client = api.County(county);

        // Both links choose the first own lot alone (it has 6 of the 5 each needs); whichever locks it second finds only
        // 1 left there, and the older quota moved in comes after the county's second own lot (R6).
        var ids = await CreatedIdsAsync(await RaceForLotAsync(first, (instance, i) =>
            instance.County(county).PostJsonAsync(Links, LinkBody(county, Surplus, $"approval {i}", Area(5)))));

        var shares = await FewestSharesFirstAsync(ids, LinkSharesAsync);
        Assert.Equal([new LotShare(first, Area(5))], shares[0]);
        Assert.Equal([new LotShare(first, Area(1)), new LotShare(second, Area(4))], shares[1]);
        Assert.Equal(Area(10), (await centre.GetAsync<LotWithProvenance>($"{Lots}/{movedIn}")).Resource.Available);
        var balance = await client.BalanceAsync(county, Surplus);
        balance.ShouldBalance();
        Assert.Equal(Area(12), balance.Available);
        Assert.Equal(Area(10), balance.Reserved);
    }

    [Fact]
    public async Task A_deduction_that_the_county_and_its_prefecture_no_longer_cover_after_a_race_is_refused_and_writes_nothing()
    {
        const string county = "150426", other = "150428", prefecture = "150400";
        var countyLot = await api.IssueLotAsync(county, Surplus, Area(10));
        var pooled = await MovedLotAsync(other, prefecture, Area(2));
        var events = await api.EventCountAsync();

        // Both deductions choose the county's lot alone (it has the 7 each needs); whichever locks it second finds 3 left
        // there and 2 at the prefecture.
        var responses = await RaceForLotAsync(countyLot, (instance, i) =>
            instance.Centre().PostJsonAsync(Deductions, DeductionBody(county, Surplus, Area(7), $"commitment {i}")));

        var refused = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Created);
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");
        // The shortfall named is what the prefecture lacks after the county's 3: the command was decided on both holders.
        Assert.Contains($"{prefecture} lacks {Area(2)}", problem.GetProperty("detail").GetString());
        var imposed = (await CreatedIdsAsync(responses.Where(r => r != refused))).Single();
        Assert.Equal([new DeductedShare(countyLot, county, Area(7))], await DeductionSharesAsync(imposed));
        // The deduction imposed and its one lot event: the refused one wrote nothing.
        Assert.Equal(events + 2, await api.EventCountAsync());
        var countyBalance = await centre.BalanceAsync(county, Surplus);
        countyBalance.ShouldBalance();
        Assert.Equal(Area(3), countyBalance.Available);
        Assert.Equal(Area(7), countyBalance.Deducted);
        Assert.Equal(Area(2), (await centre.GetAsync<LotWithProvenance>($"{Lots}/{pooled}")).Resource.Available);
    }

    private async Task<IReadOnlyList<LotShare>> SharesAsync(Guid transfer) =>
        (await centre.GetAsync<ResourceView<Transfer>>($"{Transfers}/{transfer}")).Resource.Shares;

    private async Task<IReadOnlyList<LotShare>> LinkSharesAsync(Guid link) =>
        (await centre.GetAsync<ResourceView<QuotaLink>>($"{Links}/{link}")).Resource.Shares;

    private async Task<IReadOnlyList<DeductedShare>> DeductionSharesAsync(Guid deduction) =>
        (await centre.GetAsync<ResourceView<Deduction>>($"{Deductions}/{deduction}")).Resource.Shares;

    /// <summary>Each command's shares, the command that drew on fewer lots first: which won a race is not known.</summary>
    private static async Task<IReadOnlyList<T>[]> FewestSharesFirstAsync<T>(IEnumerable<Guid> ids, Func<Guid, Task<IReadOnlyList<T>>> shares)
    {
        var all = new List<IReadOnlyList<T>>();
        foreach (var id in ids) all.Add(await shares(id));
        return [.. all.OrderBy(s => s.Count)];
    }

    /// <summary>A lot issued to <paramref name="from"/> and transferred whole: the new lot <paramref name="to"/> received.</summary>
    private async Task<Guid> MovedLotAsync(string from, string to, Measures amount)
    {
        await api.IssueLotAsync(from, Surplus, amount);
        var transfer = await api.County(from).ProposeTransferAsync(from, to, Surplus, amount);
        await centre.ApproveTransferAsync(transfer);
        return Assert.Single((await centre.GetAsync<ResourceView<Transfer>>($"{Transfers}/{transfer}")).Resource.Received).NewLotId;
    }

    /// <summary>
    /// Sends two commands, through this service instance and through a second one on the same database, while
    /// <paramref name="lot"/> is locked from outside, and lets them go once both wait for it: both chose their lots on
    /// what it had before either drew on it, and they lock it one after the other. One instance alone never races its
    /// own commands so: it executes one group of commands at a time (CommandGroups).
    /// </summary>
    private async Task<HttpResponseMessage[]> RaceForLotAsync(Guid lot, Func<LedgerApi, int, Task<HttpResponseMessage>> send)
    {
        await using var second = LedgerApi.Over(api.DatabaseName);
        second.Clock.Advance(api.Clock.Now - second.Clock.Now);
        _ = second.Server;
        LedgerApi[] instances = [api, second];
        Task<HttpResponseMessage>[] sent;
        await using (await StreamLock.TakeAsync(api, lot))
        {
            sent = [.. instances.Select((instance, i) => send(instance, i))];
            await WaitForLockWaitersAsync(instances.Length);
        }
        return await Task.WhenAll(sent);
    }

    private static async Task<Guid[]> CreatedIdsAsync(IEnumerable<HttpResponseMessage> responses)
    {
        var ids = new List<Guid>();
        foreach (var response in responses) ids.Add((await response.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id);
        return [.. ids];
    }

    private static async Task<bool> FinishesWithinAsync(Task task, TimeSpan time) => await Task.WhenAny(task, Task.Delay(time)) == task;

    /// <summary>Waits until at least <paramref name="count"/> sessions of the service wait for a lock.</summary>
    private async Task WaitForLockWaitersAsync(int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await api.ScalarAsync<long>(
                   "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} commands should be waiting for a lock by now");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// A lot's stream locked from outside the service, as a command deciding on it would lock it, until disposed:
    /// commands that draw on the lot wait for it meanwhile.
    /// </summary>
    private sealed class StreamLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public static async Task<StreamLock> TakeAsync(LedgerApi api, Guid streamId)
        {
            var connection = new NpgsqlConnection(api.ConnectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var cmd = new NpgsqlCommand("SELECT 1 FROM mt_streams WHERE id = $1 FOR UPDATE", connection, transaction);
            cmd.Parameters.AddWithValue(streamId);
            Assert.Equal(1, await cmd.ExecuteScalarAsync());
            return new StreamLock(connection, transaction);
        }

        public async ValueTask DisposeAsync()
        {
            if (connection.State == System.Data.ConnectionState.Closed) return;
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        }
    }
}
