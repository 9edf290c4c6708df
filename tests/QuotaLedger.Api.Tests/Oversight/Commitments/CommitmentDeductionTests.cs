using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Oversight.Commitments.CommitmentSteps;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight.Commitments;

/// <summary>
/// R8 through the API: a commitment overdue is deducted by the timed job (county, then prefecture, then the county's
/// debt), once, whichever instances run the job; the county's next approvals pay the debt; a hand deduction may settle it.
/// Each test uses counties of its own: the fixture's clock and database are shared by the class.
/// </summary>
public sealed class CommitmentDeductionTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const QuotaKind Replenishment = QuotaKind.Replenishment;
    private readonly HttpClient centre = api.Centre();

    [Fact]
    public async Task Past_its_due_date_a_commitment_is_deducted_from_the_county_then_its_prefecture_and_the_rest_is_owed()
    {
        const string county = "150202", other = "150203", prefecture = "150200";
        var countyLot = await api.IssueLotAsync(county, Replenishment, Quota(3, 1000, 0));
        var prefectureLot = await api.MovedLotAsync(other, prefecture, Quota(2, 100, 1));
        var id = await api.CommitAsync(county, Quota(6, 500, 2));
        var due = (await api.CommitmentAsync(id)).DueOn;

        // On the due day itself nothing is deducted yet.
        api.Clock.Advance(TimeSpan.FromDays(30));
        await api.RunDueAsync();
        Assert.Equal(CommitmentStatus.Pending, (await api.CommitmentAsync(id)).Status);

        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.RunDueAsync();

        var commitment = await api.CommitmentAsync(id);
        Assert.Equal(CommitmentStatus.Defaulted, commitment.Status);
        Assert.Equal((Quota(5, 500, 1), Quota(1, 0, 1)), (commitment.Deduction!.Deducted, commitment.Deduction.Debt));
        var deduction = (await centre.GetAsync<ResourceView<Deduction>>($"{Deductions}/{commitment.Deduction.DeductionId}"));
        Assert.Equal((id, (Measures?)Quota(1, 0, 1), Quota(6, 500, 2)), (deduction.Resource.CommitmentId!.Value, deduction.Resource.Debt, deduction.Resource.Amount));
        Assert.Equal([new DeductedShare(countyLot, county, Quota(3, 500, 0)), new DeductedShare(prefectureLot, prefecture, Quota(2, 0, 1))],
            deduction.Resource.Shares);
        // Dated by the clock when the job ran, recording the day it was due.
        Assert.Equal(api.Clock.Now, Assert.Single(deduction.History!).Timestamp);

        var debt = await api.DebtAsync(county);
        Assert.Equal(Quota(1, 0, 1), debt.Outstanding);
        Assert.Equal(new QuotaDebt(commitment.Deduction.DeductionId, id, due, Quota(1, 0, 1), Quota(1, 0, 1)), Assert.Single(debt.Debts));
        var countyBalance = await centre.BalanceAsync(county, Replenishment);
        countyBalance.ShouldBalance();
        Assert.Equal((Quota(0, 500, 0), Quota(3, 500, 0)), (countyBalance.Available, countyBalance.Deducted));
        var prefectureBalance = await centre.BalanceAsync(prefecture, Replenishment);
        prefectureBalance.ShouldBalance();
        Assert.Equal((Quota(0, 100, 0), Quota(2, 0, 1)), (prefectureBalance.Available, prefectureBalance.Deducted));
        // The county sees its own debt.
        Assert.Equal(Quota(1, 0, 1), (await api.County(county).GetAsync<ResourceView<CountyQuotaDebt>>(Debt(county))).Resource.Outstanding);
    }

    [Fact]
    public async Task The_countys_next_approvals_pay_its_debt_oldest_first_before_it_may_use_the_quota()
    {
        const string county = "150302", prefecture = "150300";
        var first = await api.CommitAsync(county, Quota(2, 300, 0), dueInDays: 1);
        var second = await api.CommitAsync(county, Quota(1, 0, 1), dueInDays: 2);
        api.Clock.Advance(TimeSpan.FromDays(3));
        await api.RunDueAsync();
        var debt = await api.DebtAsync(county);
        Assert.Equal(Quota(3, 300, 1), debt.Outstanding);
        Assert.Equal([first, second], debt.Debts.Select(d => d.CommitmentId));

        // 2.5 mu and 1,000 kg, no paddy: the first debt is paid whole, half a mu of the second; its paddy stays owed.
        var lot = await api.IssueLotAsync(county, Replenishment, Quota(2.5m, 1000, 0));

        var afterFirst = await api.DebtAsync(county);
        Assert.Equal([Measures.Zero, Quota(0.5m, 0, 1)], afterFirst.Debts.Select(d => d.Outstanding));
        var issued = (await centre.GetAsync<ResourceView<Lot>>($"{Lots}/{lot}")).Resource;
        Assert.Equal((Quota(0, 700, 0), Quota(2.5m, 300, 0)), (issued.Available, issued[Bucket.Deducted]));

        await api.IssueLotAsync(county, Replenishment, Quota(2, 10, 2));
        Assert.Equal(Measures.Zero, (await api.DebtAsync(county)).Outstanding);
        var balance = await centre.BalanceAsync(county, Replenishment);
        balance.ShouldBalance();
        Assert.Equal((Quota(3, 300, 1), Quota(1.5m, 710, 1)), (balance.Deducted, balance.Available));
        Assert.Equal(3, await api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type = 'quota_debt_repaid' AND stream_id = $1",
            CountyQuotaDebt.StreamIdOf(county)));
        // Nothing of the debt fell on the prefecture's lots or the ledger's totals twice.
        (await centre.BalanceAsync(prefecture, Replenishment)).ShouldBalance();
    }

    [Fact]
    public async Task The_job_run_twice_and_by_two_instances_at_once_deducts_once()
    {
        const string county = "150402";
        await api.IssueLotAsync(county, Replenishment, Quota(10, 1000, 1));
        var id = await api.CommitAsync(county, Quota(4, 100, 1), dueInDays: 1);
        await using var second = api.SecondInstance();

        api.Clock.Advance(TimeSpan.FromDays(2));
        second.Clock.Advance(TimeSpan.FromDays(2));
        await Task.WhenAll(api.RunDueAsync(), second.RunDueAsync(), api.RunDueAsync());
        await second.RunDueAsync();

        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type = 'reclamation_commitment_defaulted' AND stream_id = $1", id));
        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type = 'deduction_imposed' AND data ->> 'commitmentId' = $1", id.ToString()));
        var balance = await centre.BalanceAsync(county, Replenishment);
        balance.ShouldBalance();
        Assert.Equal(Quota(4, 100, 1), balance.Deducted);
    }

    [Fact]
    public async Task A_commitment_fulfilled_in_time_is_not_deducted_one_accepted_late_is()
    {
        const string county = "150502";
        await api.IssueLotAsync(county, Replenishment, Quota(10, 1000, 1));
        var inTime = await api.CommitAsync(county, Area(2), dueInDays: 5);
        var late = await api.CommitAsync(county, Area(3), dueInDays: 5);

        var refused = await centre.PostJsonAsync($"{CommitmentsPath}/{inTime}/fulfilment", FulfilmentBody(Area(1.9999m), api.Clock.Today));
        await refused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "commitment-short");
        var byCounty = await api.County(county).PostJsonAsync($"{CommitmentsPath}/{inTime}/fulfilment", FulfilmentBody(Area(2), api.Clock.Today));
        await byCounty.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await centre.PostJsonAsync($"{CommitmentsPath}/{inTime}/fulfilment", FulfilmentBody(Area(2), api.Clock.Today), ifMatch: "\"1\""))
            .ReadAsync<CommandResult>();
        api.Clock.Advance(TimeSpan.FromDays(6));
        await (await centre.PostJsonAsync($"{CommitmentsPath}/{late}/fulfilment", FulfilmentBody(Area(3), api.Clock.Today))).ReadAsync<CommandResult>();
        await api.RunDueAsync();

        Assert.Equal((CommitmentStatus.Fulfilled, null), ((await api.CommitmentAsync(inTime)).Status, (await api.CommitmentAsync(inTime)).Deduction));
        var deducted = await api.CommitmentAsync(late);
        Assert.Equal((CommitmentStatus.Defaulted, true), (deducted.Status, deducted.Fulfilment!.Late));
        Assert.Equal(Area(3), (await centre.BalanceAsync(county, Replenishment)).Deducted);

        var pending = await centre.GetAsync<Page<ResourceView<ReclamationCommitment>>>($"{CommitmentsPath}?holder={county}&status=fulfilled");
        Assert.Equal([inTime], pending.Items.Select(c => c.Resource.Id));
    }

    [Fact]
    public async Task A_hand_deduction_citing_a_commitment_settles_it_and_the_job_does_not_deduct_it_again()
    {
        const string county = "150602", neighbour = "150603";
        await api.IssueLotAsync(county, Replenishment, Quota(10, 1000, 1));
        var id = await api.CommitAsync(county, Area(4), dueInDays: 1);
        object Body(string c, QuotaKind kind = Replenishment) =>
            new { County = c, Kind = kind, Amount = Area(4), CommitmentReference = "XC-mine-2026-01", Reason = "R8: overdue", CommitmentId = id };

        await (await centre.PostJsonAsync(Deductions, Body(county))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "commitment-not-due");
        api.Clock.Advance(TimeSpan.FromDays(2));
        await (await centre.PostJsonAsync(Deductions, Body(neighbour))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "commitment-mismatch");
        var events = await api.EventCountAsync();

        var deduction = (await (await centre.PostJsonAsync(Deductions, Body(county))).ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
        await api.RunDueAsync();
        await (await centre.PostJsonAsync(Deductions, Body(county))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "commitment-settled");

        var commitment = await api.CommitmentAsync(id);
        Assert.Equal((CommitmentStatus.Defaulted, deduction, Area(4), Measures.Zero),
            (commitment.Status, commitment.Deduction!.DeductionId, commitment.Deduction.Deducted, commitment.Deduction.Debt));
        Assert.Equal(id, (await centre.GetAsync<ResourceView<Deduction>>($"{Deductions}/{deduction}")).Resource.CommitmentId);
        Assert.Equal(Area(4), (await centre.BalanceAsync(county, Replenishment)).Deducted);
        // The deduction, its lot's part and the commitment's default: nothing from the job.
        Assert.Equal(events + 3, await api.EventCountAsync());
        await (await centre.PostJsonAsync(Deductions, new
            {
                County = county, Kind = Replenishment, Amount = Area(1), CommitmentReference = "x", Reason = "R8", CommitmentId = Guid.CreateVersion7(),
            }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
