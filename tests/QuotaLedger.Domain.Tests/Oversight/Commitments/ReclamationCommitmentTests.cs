using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Oversight.Commitments.CommitmentSteps;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Oversight.Commitments;

/// <summary>R8: a commitment overdue is deducted from the county, then its prefecture, and what both lack is the county's debt.</summary>
public class ReclamationCommitmentTests
{
    private static readonly Guid SecondCommitment = Id("second commitment");
    private static readonly Guid SecondDeduction = Id("second deduction");

    private static LotQuotaDeducted Deducted(Guid lotId, string holder, Measures amount, Guid? deductionId = null) =>
        new(lotId, holder, QuotaKind.Replenishment, amount, deductionId ?? DeductionId);

    [Fact]
    public void The_county_bears_what_it_can_its_prefecture_the_rest_and_what_both_lack_is_the_countys_debt() =>
        Given(Issued(LotA, Xincheng, Quota(3, 1000, 0)), Issued(LotB, Hohhot, Quota(2, 100, 1)), Committed(Quota(6, 500, 2)))
            .When(h => DeductOverdue(h, DeductionId))
            .Then(
                new DeductionImposed(DeductionId, Xincheng, Hohhot, QuotaKind.Replenishment, Quota(6, 500, 2), $"reclamation commitment {CommitmentId}",
                    [new DeductedShare(LotA, Xincheng, Quota(3, 500, 0)), new DeductedShare(LotB, Hohhot, Quota(2, 0, 1))], Overdue,
                    CommitmentId, Quota(1, 0, 1)),
                Deducted(LotA, Xincheng, Quota(3, 500, 0)), Deducted(LotB, Hohhot, Quota(2, 0, 1)),
                new ReclamationCommitmentDefaulted(CommitmentId, Xincheng, DueOn, DeductionId, Quota(5, 500, 1), Quota(1, 0, 1), Overdue),
                new QuotaDebtIncurred(Xincheng, DeductionId, CommitmentId, DueOn, Quota(1, 0, 1)));

    [Fact]
    public void With_enough_in_the_county_nothing_is_owed_and_the_prefecture_keeps_its_quota() =>
        Given(Issued(LotA, Xincheng, Quota(10, 1000, 5)), Issued(LotB, Hohhot, Quota(10, 1000, 5)), Committed(Quota(4, 500, 1)))
            .When(h => DeductOverdue(h, DeductionId))
            .Then(
                new DeductionImposed(DeductionId, Xincheng, Hohhot, QuotaKind.Replenishment, Quota(4, 500, 1), $"reclamation commitment {CommitmentId}",
                    [new DeductedShare(LotA, Xincheng, Quota(4, 500, 1))], Overdue, CommitmentId),
                Deducted(LotA, Xincheng, Quota(4, 500, 1)),
                new ReclamationCommitmentDefaulted(CommitmentId, Xincheng, DueOn, DeductionId, Quota(4, 500, 1), Measures.Zero, Overdue));

    [Fact]
    public void With_nothing_anywhere_all_of_it_is_owed()
    {
        var applied = Given(Committed(Area(4))).When(h => DeductOverdue(h, DeductionId)).Applied;

        Assert.Equal(Area(4), applied.The<CountyQuotaDebt>().Outstanding);
        Assert.Equal((CommitmentStatus.Defaulted, Measures.Zero), (applied.The<ReclamationCommitment>().Status, applied.The<ReclamationCommitment>().Deduction!.Deducted));
    }

    [Fact]
    public void On_its_due_day_a_commitment_is_not_yet_deducted() =>
        Given(Issued(LotA, Xincheng, Area(10)), Committed(Area(4)))
            .When(h => DeductOverdue(h, DeductionId, today: DueOn)).ThenRefused(Rule.CommitmentNotDue);

    [Fact]
    public void A_commitment_fulfilled_in_time_is_not_deducted() =>
        Given(Issued(LotA, Xincheng, Area(10)), Committed(Area(4)))
            .And(h => h.The<ReclamationCommitment>().Fulfil(Area(4.5m), DueOn, DueOn, "accepted on site"))
            .When(h => DeductOverdue(h, DeductionId)).ThenRefused(Rule.CommitmentSettled);

    [Fact]
    public void A_commitment_is_deducted_once()
    {
        var deducted = Given(Issued(LotA, Xincheng, Area(10)), Committed(Area(4))).And(h => DeductOverdue(h, DeductionId));

        deducted.When(h => DeductOverdue(h, SecondDeduction)).ThenRefused(Rule.CommitmentSettled);
        deducted.When(h => h.The<ReclamationCommitment>().SettleByHand(SecondDeduction, Xincheng, QuotaKind.Replenishment, Area(4), DayAfter, "by hand"))
            .ThenRefused(Rule.CommitmentSettled);
    }

    [Fact]
    public void Accepted_after_the_due_date_the_fulfilment_is_late_and_the_commitment_is_still_deducted()
    {
        var late = Given(Issued(LotA, Xincheng, Area(10)), Committed(Area(4)))
            .And(h => h.The<ReclamationCommitment>().Fulfil(Area(4), DayAfter, DayAfter, "accepted a day late"));

        Assert.Equal((CommitmentStatus.Pending, true), (late.The<ReclamationCommitment>().Status, late.The<ReclamationCommitment>().Fulfilment!.Late));
        Assert.Equal(Area(6), late.When(h => DeductOverdue(h, DeductionId)).Applied.Lot(LotA).Available);
    }

    [Fact]
    public void A_fulfilment_recorded_after_the_deduction_is_late_and_gives_nothing_back()
    {
        var fulfilled = Given(Issued(LotA, Xincheng, Area(10)), Committed(Area(4))).And(h => DeductOverdue(h, DeductionId))
            .And(h => h.The<ReclamationCommitment>().Fulfil(Area(4), DueOn, DayAfter, "the acceptance report came late"));

        Assert.Equal((CommitmentStatus.Defaulted, true), (fulfilled.The<ReclamationCommitment>().Status, fulfilled.The<ReclamationCommitment>().Fulfilment!.Late));
        Assert.Equal(Area(6), fulfilled.Lot(LotA).Available);
    }

    [Fact]
    public void A_fulfilment_verifying_less_than_committed_in_any_measure_is_refused() =>
        Given(Committed(Quota(4, 500, 1))).When(h => h.The<ReclamationCommitment>().Fulfil(Quota(5, 600, 0.9m), DueOn, DueOn, "accepted"))
            .ThenRefused(Rule.CommitmentShort);

    [Fact]
    public void An_acceptance_in_the_future_and_a_second_fulfilment_are_refused()
    {
        var given = Given(Committed(Area(4)));
        given.When(h => h.The<ReclamationCommitment>().Fulfil(Area(4), DayAfter, DueOn, "accepted tomorrow")).ThenRefused(Rule.CommitmentDates);
        given.And(h => h.The<ReclamationCommitment>().Fulfil(Area(4), DueOn, DueOn, "accepted"))
            .When(h => h.The<ReclamationCommitment>().Fulfil(Area(4), DueOn, DueOn, "accepted again")).ThenRefused(Rule.CommitmentSettled);
    }

    [Fact]
    public void A_commitment_backs_a_link_of_its_own_county_and_a_county_records_it_due_on_a_day_not_yet_past()
    {
        var link = new QuotaLink(LinkId, Huimin, QuotaKind.LinkageSurplus, "HH-2026-001", Area(4), Area(4), [], LinkStatus.Linked, null);
        Refused(Rule.CommitmentMismatch, () => Record(LinkId, link, DueOn));
        Refused(Rule.CommitmentMismatch, () => Record(LinkId, null, DueOn));
        Refused(Rule.CommitmentDates, () => Record(LinkId, link with { County = Xincheng }, DueOn.AddDays(-1)));
        Assert.Equal(LinkId, Record(LinkId, link with { County = Xincheng }, DueOn).LinkId);
        // The centre enters a commitment made before the ledger kept them, already overdue.
        Assert.Equal(DueOn.AddDays(-1), Record(LinkId, link with { County = Xincheng }, DueOn.AddDays(-1), byCentre: true).DueOn);

        static ReclamationCommitmentRecorded Record(Guid linkId, QuotaLink? link, DateOnly dueOn, bool byCentre = false) =>
            ReclamationCommitment.Record(CommitmentId, Xincheng, Hohhot, ReclamationSource.Linkage, Area(4), dueOn, linkId, link, null, DueOn, byCentre,
                "linkage used first");
    }

    [Fact]
    public void A_hand_deduction_settles_only_its_own_countys_commitment_in_replenishment_quota()
    {
        var given = Given(Committed(Area(4)));
        given.When(h => h.The<ReclamationCommitment>().SettleByHand(DeductionId, Huimin, QuotaKind.Replenishment, Area(4), DayAfter, "by hand"))
            .ThenRefused(Rule.CommitmentMismatch);
        given.When(h => h.The<ReclamationCommitment>().SettleByHand(DeductionId, Xincheng, QuotaKind.LinkageSurplus, Area(4), DayAfter, "by hand"))
            .ThenRefused(Rule.CommitmentMismatch);
        given.When(h => h.The<ReclamationCommitment>().SettleByHand(DeductionId, Xincheng, QuotaKind.Replenishment, Area(4), DueOn, "by hand"))
            .ThenRefused(Rule.CommitmentNotDue);
        given.When(h => h.The<ReclamationCommitment>().SettleByHand(DeductionId, Xincheng, QuotaKind.Replenishment, Area(3), DayAfter, "by hand"))
            .Then(new ReclamationCommitmentDefaulted(CommitmentId, Xincheng, DueOn, DeductionId, Area(3), Measures.Zero, "by hand"));
    }

    [Fact]
    public void The_next_approval_pays_the_oldest_debt_first_measure_by_measure()
    {
        // Two debts: 3 mu and 200 kg from the first commitment, then 2 mu and 1 mu of paddy from the second.
        var owing = Given(Committed(Quota(3, 200, 0)), Committed(Quota(2, 0, 1), SecondCommitment))
            .And(h => DeductOverdue(h, DeductionId)).And(h => DeductOverdue(h, SecondDeduction, SecondCommitment));

        // A lot of 4 mu, 500 kg and no paddy: 3 mu and 200 kg to the first debt, the last mu to the second; the paddy stays owed.
        owing.When(h => ApproveStorage(h, NewLot, Xincheng, Quota(4, 500, 0)))
            .Then(Issued(NewLot, Xincheng, Quota(4, 500, 0)),
                new QuotaDebtRepaid(Xincheng, DeductionId, NewLot, StorageApplicationId, Quota(3, 200, 0)),
                new QuotaDebtRepaid(Xincheng, SecondDeduction, NewLot, StorageApplicationId, Quota(1, 0, 0)),
                Deducted(NewLot, Xincheng, Quota(3, 200, 0)), Deducted(NewLot, Xincheng, Quota(1, 0, 0), SecondDeduction));

        var applied = owing.When(h => ApproveStorage(h, NewLot, Xincheng, Quota(4, 500, 0))).Applied;
        Assert.Equal(Quota(1, 0, 1), applied.The<CountyQuotaDebt>().Outstanding);
        Assert.Equal((Quota(0, 300, 0), Quota(4, 200, 0)), (applied.Lot(NewLot).Available, applied.Lot(NewLot)[Bucket.Deducted]));
    }

    [Fact]
    public void A_lot_larger_than_the_debt_pays_it_all_and_keeps_the_rest()
    {
        var applied = Given(Committed(Area(2))).And(h => DeductOverdue(h, DeductionId))
            .And(h => ApproveStorage(h, NewLot, Xincheng, Quota(5, 100, 1)));

        Assert.Equal(Measures.Zero, applied.The<CountyQuotaDebt>().Outstanding);
        Assert.Equal(Quota(3, 100, 1), applied.Lot(NewLot).Available);
        // Nothing left to pay: the next lot is issued whole.
        Assert.Equal(Area(5), applied.When(h => ApproveStorage(h, OtherNewLot, Xincheng, Area(5))).Applied.Lot(OtherNewLot).Available);
    }

    [Fact]
    public void Another_countys_approval_and_linkage_quota_pay_nothing()
    {
        var owing = Given(Committed(Area(2))).And(h => DeductOverdue(h, DeductionId));

        owing.When(h => ApproveStorage(h, NewLot, Huimin, Area(5))).Then(Issued(NewLot, Huimin, Area(5)));
        owing.When(h => ApproveStorage(h, NewLot, Xincheng, Area(5), QuotaKind.LinkageSurplus)).Then(Issued(NewLot, Xincheng, Area(5), QuotaKind.LinkageSurplus));
    }

    [Fact]
    public void A_deduction_that_left_a_debt_cannot_be_reversed() =>
        Given(Issued(LotA, Xincheng, Area(1)), Committed(Area(4))).And(h => DeductOverdue(h, DeductionId))
            .When(h => h.The<Deduction>().Reverse(h.Lots, "in error")).ThenRefused(Rule.InvalidState);
}
