using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Ledger;

public class TransferTests
{
    private const QuotaKind Replenishment = QuotaKind.Replenishment;

    private static Outcome Propose(History given, string from, string to, Measures amount, QuotaKind kind = Replenishment,
        IReadOnlyList<Lot>? lots = null) =>
        given.When(h => Transfer.Propose(TransferId, from, to, kind, amount, lots ?? h.LotsOf(from, kind), Alice));

    private static TransferProposed Proposed(string from, string to, Measures amount, params LotShare[] shares) =>
        new(TransferId, from, to, Replenishment, amount, shares, Alice.UserId);

    private static Provenance SplitFrom(Guid parent) => ProvenanceOf(Xincheng) with { ParentLotId = parent, TransferId = TransferId };

    /// <summary>Xincheng holds lots A (10 mu) and B (5 mu) and has proposed 12 mu to Huimin.</summary>
    private static History Pending(string from = Xincheng, string to = Huimin) =>
        Given(Issued(LotA, from, Quota(10, 1000, 2)), Issued(LotB, from, Quota(5, 500, 1)),
            Proposed(from, to, Area(12), new LotShare(LotA, Area(10)), new LotShare(LotB, Area(2))),
            Reserved(LotA, from, Area(10), TransferId), Reserved(LotB, from, Area(2), TransferId));

    [Fact]
    public void A_proposal_reserves_the_amount_on_the_senders_lots_oldest_first() =>
        Propose(Given(Issued(LotA, Xincheng, Quota(10, 1000, 2)), Issued(LotB, Xincheng, Quota(5, 500, 1))), Xincheng, Huimin, Area(12))
            .Then(Proposed(Xincheng, Huimin, Area(12), new LotShare(LotA, Area(10)), new LotShare(LotB, Area(2))),
                Reserved(LotA, Xincheng, Area(10), TransferId), Reserved(LotB, Xincheng, Area(2), TransferId));

    [Fact]
    public void More_than_the_sender_has_available_is_refused() =>
        Propose(Given(Issued(LotA, Xincheng, Quota(10, 1000, 2))), Xincheng, Huimin, Quota(1, 1000.01m, 0))
            .ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Quota_reserved_by_a_pending_transfer_cannot_be_proposed_again() =>
        Propose(Pending(), Xincheng, Hohhot, Area(3.0001m)).ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void A_transfer_to_the_sender_itself_is_refused() =>
        Propose(Given(Issued(LotA, Xincheng, Area(10))), Xincheng, Xincheng, Area(1)).ThenRefused(Rule.InvalidHolder);

    [Fact]
    public void Another_holders_lot_is_refused()
    {
        var given = Given(Issued(LotA, Huimin, Area(10)));

        Propose(given, Xincheng, Hohhot, Area(1), lots: given.LotsOf(Huimin)).ThenRefused(Rule.KindMismatch);
    }

    [Fact]
    public void A_lot_of_the_other_kind_is_refused()
    {
        var given = Given(Issued(LotA, Xincheng, Area(10), QuotaKind.LinkageSurplus));

        Propose(given, Xincheng, Huimin, Area(1), Replenishment, given.LotsOf(Xincheng, QuotaKind.LinkageSurplus))
            .ThenRefused(Rule.KindMismatch);
    }

    [Fact]
    public void Linkage_quota_moves_by_area_only() =>
        Propose(Given(Issued(LotA, Xincheng, Area(10), QuotaKind.LinkageSurplus)), Xincheng, Huimin, Quota(1, 1, 0), QuotaKind.LinkageSurplus)
            .ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void Approval_splits_each_share_into_a_new_lot_of_the_receiver_that_points_back_at_its_parent() =>
        Pending().When(h => h.The<Transfer>().Approve(Bob, h.Lots, Ids(NewLot, OtherNewLot)))
            .Then(
                new TransferApproved(TransferId, Xincheng, Huimin, Bob.UserId,
                    [new ReceivedShare(LotA, NewLot, Area(10)), new ReceivedShare(LotB, OtherNewLot, Area(2))]),
                new LotReservationTransferred(LotA, Xincheng, Replenishment, Area(10), TransferId, NewLot, Huimin),
                new LotReceived(NewLot, Huimin, Replenishment, Area(10), SplitFrom(LotA)),
                new LotReservationTransferred(LotB, Xincheng, Replenishment, Area(2), TransferId, OtherNewLot, Huimin),
                new LotReceived(OtherNewLot, Huimin, Replenishment, Area(2), SplitFrom(LotB)));

    [Fact]
    public void After_approval_the_sender_keeps_the_rest_and_the_receiver_can_use_what_it_received()
    {
        var after = Pending().When(h => h.The<Transfer>().Approve(Bob, h.Lots, Ids(NewLot, OtherNewLot))).Applied;

        Assert.Equal(
            (Quota(0, 1000, 2), Area(10), Quota(3, 500, 1), Area(12)),
            (after.Lot(LotA).Available, after.Lot(LotA)[Bucket.TransferredOut], after.Lot(LotB).Available,
                Measures.Sum(after.LotsOf(Huimin).Select(l => l.Available))));
    }

    [Fact]
    public void A_transfer_in_one_step_records_exactly_the_proposal_and_its_approval()
    {
        var holding = Given(Issued(LotA, Xincheng, Quota(10, 1000, 2)), Issued(LotB, Xincheng, Quota(5, 500, 1)));
        var proposal = Propose(holding, Xincheng, Huimin, Area(12));
        var approval = proposal.Applied.When(h => h.The<Transfer>().Approve(Alice, h.Lots, Ids(NewLot, OtherNewLot)));

        holding.When(h => Transfer.ProposeAndApprove(TransferId, Xincheng, Huimin, Replenishment, Area(12), h.LotsOf(Xincheng), Alice,
                Ids(NewLot, OtherNewLot)))
            .Then([.. proposal.Events.Take(1), .. approval.Events.Take(1), .. proposal.Events.Skip(1), .. approval.Events.Skip(1)]);
    }

    [Fact]
    public void A_transfer_in_one_step_out_of_the_region_account_is_refused_for_want_of_a_second_centre_user() =>
        Given(Issued(LotA, RegionAccount, Area(10)))
            .When(h => Transfer.ProposeAndApprove(TransferId, RegionAccount, Hohhot, Replenishment, Area(4), h.LotsOf(RegionAccount), Alice,
                Ids(NewLot)))
            .ThenRefused(Rule.FourEyesRequired);

    [Fact]
    public void A_transfer_out_of_the_region_account_needs_a_second_centre_user() =>
        Pending(from: RegionAccount, to: Hohhot).When(h => h.The<Transfer>().Approve(Alice, h.Lots, Ids(NewLot, OtherNewLot)))
            .ThenRefused(Rule.FourEyesRequired);

    [Fact]
    public void A_transfer_out_of_the_region_account_approved_by_another_centre_user_goes_through() =>
        Assert.NotEmpty(Pending(from: RegionAccount, to: Hohhot).When(h => h.The<Transfer>().Approve(Bob, h.Lots, Ids(NewLot, OtherNewLot))).Events);

    [Fact]
    public void A_transfer_between_counties_may_be_approved_by_its_proposer() =>
        Assert.NotEmpty(Pending().When(h => h.The<Transfer>().Approve(Alice, h.Lots, Ids(NewLot, OtherNewLot))).Events);

    [Fact]
    public void Rejection_releases_every_reservation() =>
        Pending().When(h => h.The<Transfer>().Reject(h.Lots, "Huimin has enough"))
            .Then(new TransferRejected(TransferId, Xincheng, Huimin, "Huimin has enough"),
                new LotReservationReleased(LotA, Xincheng, Replenishment, Area(10), TransferId),
                new LotReservationReleased(LotB, Xincheng, Replenishment, Area(2), TransferId));

    [Fact]
    public void Withdrawal_releases_every_reservation()
    {
        var outcome = Pending().When(h => h.The<Transfer>().Withdraw(h.Lots, "proposed by mistake"));

        outcome.Then(new TransferWithdrawn(TransferId, Xincheng, Huimin, "proposed by mistake"),
            new LotReservationReleased(LotA, Xincheng, Replenishment, Area(10), TransferId),
            new LotReservationReleased(LotB, Xincheng, Replenishment, Area(2), TransferId));
        Assert.Equal(Quota(15, 1500, 3), Measures.Sum(outcome.Applied.LotsOf(Xincheng).Select(l => l.Available)));
    }

    [Fact]
    public void A_rejected_transfer_cannot_be_approved() =>
        Pending().When(h => h.The<Transfer>().Reject(h.Lots, "no")).Applied
            .When(h => h.The<Transfer>().Approve(Bob, h.Lots, Ids(NewLot, OtherNewLot)))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void An_approved_transfer_cannot_be_withdrawn() =>
        Pending().When(h => h.The<Transfer>().Approve(Bob, h.Lots, Ids(NewLot, OtherNewLot))).Applied
            .When(h => h.The<Transfer>().Withdraw(h.Lots, "changed our mind"))
            .ThenRefused(Rule.InvalidState);

    [Theory]
    [InlineData(Donghe, Xincheng, Hohhot)] // from a county of another prefecture
    [InlineData(Baotou, Hohhot, Hohhot)] // from another prefecture to the prefecture itself
    [InlineData(RegionAccount, Xincheng, Hohhot)] // allocated out of the region's pool, which R6 puts last
    [InlineData(Huimin, Xincheng, null)] // inside one prefecture
    [InlineData(Hohhot, Xincheng, null)] // from the prefecture to its county
    [InlineData(Xincheng, RegionAccount, null)] // pooled: the region balances region-wide
    public void A_transfer_is_held_against_the_home_balance_of_the_receiving_prefecture_when_it_comes_from_outside(
        string from, string to, string? home) =>
        Assert.Equal(home, HomeBalanceFlag.HomeOf(from, to, QuotaLedger.Domain.Shared.Regions.RegionCatalog.InnerMongolia));

    [Fact]
    public void It_is_flagged_when_the_prefecture_has_the_amount_available_at_home_in_every_measure()
    {
        Assert.Equal(new HomeBalanceFlag(Hohhot, Quota(10, 1000, 2)), HomeBalanceFlag.For(Hohhot, Quota(10, 1000, 2), Quota(10, 1000, 2)));
        Assert.Null(HomeBalanceFlag.For(Hohhot, Quota(10, 1000, 2), Quota(100, 999.99m, 20)));
    }

    [Fact]
    public void A_flagged_proposal_carries_the_flag_for_the_approver_and_is_not_refused()
    {
        var flag = new HomeBalanceFlag(Hohhot, Area(40));
        var outcome = Given(Issued(LotA, Donghe, Quota(10, 1000, 2)))
            .When(h => Transfer.Propose(TransferId, Donghe, Xincheng, Replenishment, Area(5), h.LotsOf(Donghe), Alice, flag));

        outcome.Then(new TransferProposed(TransferId, Donghe, Xincheng, Replenishment, Area(5), [new LotShare(LotA, Area(5))], Alice.UserId, flag),
            Reserved(LotA, Donghe, Area(5), TransferId));
        Assert.Equal(flag, outcome.Applied.The<Transfer>().HomeBalance);
    }
}
