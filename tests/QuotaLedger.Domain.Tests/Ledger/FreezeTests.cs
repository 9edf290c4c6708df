using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Ledger;

/// <summary>R5: frozen quota may not move or be used until the freeze is lifted.</summary>
public class FreezeTests
{
    private const QuotaKind Replenishment = QuotaKind.Replenishment;
    private const string Abandoned = "abandoned new farmland over 10%";
    private static readonly Measures Ten = Quota(10, 1000, 2);

    /// <summary>All of lot A is frozen; Hohhot, Xincheng's prefecture, holds nothing.</summary>
    private static History AllFrozen => Given(Issued(LotA, Xincheng, Ten),
        new FreezeImposed(FreezeId, Xincheng, Replenishment, [new LotShare(LotA, Ten)], Abandoned), Frozen(LotA, Xincheng, Ten, FreezeId));

    [Fact]
    public void Part_of_a_lot_is_frozen() =>
        Given(Issued(LotA, Xincheng, Ten)).When(h => Freeze.ImposeOnLot(FreezeId, h.Lot(LotA), Area(4), Abandoned))
            .Then(new FreezeImposed(FreezeId, Xincheng, Replenishment, [new LotShare(LotA, Area(4))], Abandoned),
                Frozen(LotA, Xincheng, Area(4), FreezeId));

    [Fact]
    public void Without_an_amount_all_the_lot_has_available_is_frozen() =>
        Given(Issued(LotA, Xincheng, Ten), Reserved(LotA, Xincheng, Area(4), TransferId))
            .When(h => Freeze.ImposeOnLot(FreezeId, h.Lot(LotA), null, Abandoned))
            .Then(new FreezeImposed(FreezeId, Xincheng, Replenishment, [new LotShare(LotA, Quota(6, 1000, 2))], Abandoned),
                Frozen(LotA, Xincheng, Quota(6, 1000, 2), FreezeId));

    [Fact]
    public void More_than_available_cannot_be_frozen() =>
        Given(Issued(LotA, Xincheng, Ten), Reserved(LotA, Xincheng, Area(4), TransferId))
            .When(h => Freeze.ImposeOnLot(FreezeId, h.Lot(LotA), Area(6.0001m), Abandoned))
            .ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void An_over_precise_freeze_is_refused() =>
        Given(Issued(LotA, Xincheng, Ten)).When(h => Freeze.ImposeOnLot(FreezeId, h.Lot(LotA), Area(0.00001m), Abandoned))
            .ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void Freezing_a_holder_freezes_all_it_has_available_of_the_kind_and_nothing_else() =>
        Given(Issued(LotA, Xincheng, Ten), Issued(LotB, Xincheng, Area(3), QuotaKind.LinkageSurplus), Issued(LotC, Huimin, Ten),
                Issued(NewLot, Xincheng, Area(2)), Reserved(NewLot, Xincheng, Area(2), TransferId))
            .When(h => Freeze.ImposeOnHolder(FreezeId, Xincheng, Replenishment, h.All<Lot>(), Abandoned))
            .Then(new FreezeImposed(FreezeId, Xincheng, Replenishment, [new LotShare(LotA, Ten)], Abandoned), Frozen(LotA, Xincheng, Ten, FreezeId));

    [Fact]
    public void A_holder_with_nothing_available_cannot_be_frozen() =>
        AllFrozen.When(h => Freeze.ImposeOnHolder(Id("second freeze"), Xincheng, Replenishment, h.All<Lot>(), Abandoned))
            .ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Frozen_quota_cannot_be_transferred() =>
        AllFrozen.When(h => Transfer.Propose(TransferId, Xincheng, Huimin, Replenishment, Area(1), h.LotsOf(Xincheng), Alice))
            .ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Frozen_quota_cannot_be_reserved() =>
        AllFrozen.When(h => h.Lot(LotA).Reserve(TransferId, Quota(0, 0.01m, 0))).ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Frozen_quota_cannot_be_deducted() =>
        AllFrozen.When(h => Deduction.Impose(DeductionId, Xincheng, Hohhot, Replenishment, Area(1), "promise", h.LotsOf(Xincheng),
                h.LotsOf(Hohhot), "overdue"))
            .ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Lifting_a_freeze_restores_the_quota_to_available()
    {
        var outcome = AllFrozen.When(h => h.The<Freeze>().Lift(h.Lots, "rectification confirmed"));

        outcome.Then(new FreezeLifted(FreezeId, Xincheng, "rectification confirmed"),
            new LotQuotaUnfrozen(LotA, Xincheng, Replenishment, Ten, FreezeId));
        Assert.NotEmpty(outcome.Applied
            .When(h => Transfer.Propose(TransferId, Xincheng, Huimin, Replenishment, Ten, h.LotsOf(Xincheng), Alice)).Events);
    }

    [Fact]
    public void A_freeze_is_lifted_only_once() =>
        AllFrozen.When(h => h.The<Freeze>().Lift(h.Lots, "rectified")).Applied
            .When(h => h.The<Freeze>().Lift(h.Lots, "rectified again"))
            .ThenRefused(Rule.InvalidState);
}
