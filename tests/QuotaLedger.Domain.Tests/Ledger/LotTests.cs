using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Ledger;

public class LotTests
{
    private static readonly Measures Ten = Quota(10, 1000, 4);
    private static readonly Guid Reservation = Id("reservation");

    [Fact]
    public void An_issued_lot_holds_all_of_it_available()
    {
        var lot = Given(Issued(LotA, Xincheng, Ten)).Lot(LotA);

        Assert.Equal((Xincheng, QuotaKind.Replenishment, Ten, Ten), (lot.Holder, lot.Kind, lot[Bucket.Issued], lot.Available));
    }

    [Fact]
    public void Reserving_takes_from_available() =>
        Given(Issued(LotA, Xincheng, Ten))
            .When(h => h.Lot(LotA).Reserve(Reservation, Quota(4, 1000, 0)))
            .Then(Reserved(LotA, Xincheng, Quota(4, 1000, 0), Reservation));

    [Theory]
    [InlineData(10.0001, 0, 0)]
    [InlineData(1, 1000.01, 0)]
    [InlineData(1, 0, 4.0001)]
    public void Reserving_more_than_available_in_any_measure_is_refused(decimal area, decimal grain, decimal paddy) =>
        Given(Issued(LotA, Xincheng, Ten))
            .When(h => h.Lot(LotA).Reserve(Reservation, Quota(area, grain, paddy)))
            .ThenRefused(Rule.InsufficientQuota);

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(-1, 0, 0)]
    [InlineData(1, -1, 0)]
    public void Reserving_nothing_or_a_negative_amount_is_refused(decimal area, decimal grain, decimal paddy) =>
        Given(Issued(LotA, Xincheng, Ten))
            .When(h => h.Lot(LotA).Reserve(Reservation, Quota(area, grain, paddy)))
            .ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void Reserved_quota_is_not_available_again() =>
        Given(Issued(LotA, Xincheng, Ten), Reserved(LotA, Xincheng, Area(6), Reservation))
            .When(h => h.Lot(LotA).Reserve(Id("second"), Area(5)))
            .ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Frozen_quota_is_not_available() =>
        Given(Issued(LotA, Xincheng, Ten), Frozen(LotA, Xincheng, Area(10), FreezeId))
            .When(h => h.Lot(LotA).Deduct(DeductionId, Area(0.0001m)))
            .ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Releasing_a_reservation_returns_all_of_it() =>
        Given(Issued(LotA, Xincheng, Ten), Reserved(LotA, Xincheng, Area(6), Reservation))
            .When(h => h.Lot(LotA).Release(Reservation))
            .Then(new LotReservationReleased(LotA, Xincheng, QuotaKind.Replenishment, Area(6), Reservation));

    [Fact]
    public void A_released_reservation_cannot_be_released_again() =>
        Given(Issued(LotA, Xincheng, Ten), Reserved(LotA, Xincheng, Area(6), Reservation),
                new LotReservationReleased(LotA, Xincheng, QuotaKind.Replenishment, Area(6), Reservation))
            .When(h => h.Lot(LotA).Release(Reservation))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void Writing_off_a_reservation_consumes_it()
    {
        var after = Given(Issued(LotA, Xincheng, Ten), Reserved(LotA, Xincheng, Area(6), Reservation))
            .When(h => h.Lot(LotA).WriteOff(Reservation))
            .Applied;

        var lot = after.Lot(LotA);
        Assert.Equal((Area(6), Measures.Zero, Quota(4, 1000, 4)), (lot[Bucket.Consumed], lot[Bucket.Reserved], lot.Available));
    }

    [Fact]
    public void Only_a_recorded_write_off_can_be_reversed() =>
        Given(Issued(LotA, Xincheng, Ten), Reserved(LotA, Xincheng, Area(6), Reservation))
            .When(h => h.Lot(LotA).ReverseWriteOff(Reservation))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void Unfreezing_returns_what_the_freeze_took() =>
        Given(Issued(LotA, Xincheng, Ten), Frozen(LotA, Xincheng, Area(3), FreezeId))
            .When(h => h.Lot(LotA).Unfreeze(FreezeId))
            .Then(new LotQuotaUnfrozen(LotA, Xincheng, QuotaKind.Replenishment, Area(3), FreezeId));

    [Fact]
    public void An_unknown_freeze_cannot_be_lifted() =>
        Given(Issued(LotA, Xincheng, Ten))
            .When(h => h.Lot(LotA).Unfreeze(FreezeId))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_deduction_is_reversed_by_the_amount_it_took() =>
        Given(Issued(LotA, Xincheng, Ten), new LotQuotaDeducted(LotA, Xincheng, QuotaKind.Replenishment, Area(2), DeductionId))
            .When(h => h.Lot(LotA).ReverseDeduction(DeductionId))
            .Then(new LotDeductionReversed(LotA, Xincheng, QuotaKind.Replenishment, Area(2), DeductionId));

    [Fact]
    public void An_unknown_deduction_cannot_be_reversed() =>
        Given(Issued(LotA, Xincheng, Ten))
            .When(h => h.Lot(LotA).ReverseDeduction(DeductionId))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void An_untouched_lot_can_be_withdrawn_leaving_nothing()
    {
        var outcome = Given(Issued(LotA, Xincheng, Ten)).When(h => h.Lot(LotA).ReverseIssuance());

        outcome.Then(new LotIssuanceReversed(LotA, Xincheng, QuotaKind.Replenishment, Ten));
        Assert.All(outcome.Applied.Lot(LotA).Buckets.Values, m => Assert.True(m.IsZero));
    }

    [Fact]
    public void A_lot_with_quota_reserved_cannot_be_withdrawn() =>
        Given(Issued(LotA, Xincheng, Ten), Reserved(LotA, Xincheng, Area(1), Reservation))
            .When(h => h.Lot(LotA).ReverseIssuance())
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_withdrawn_lot_cannot_be_withdrawn_again() =>
        Given(Issued(LotA, Xincheng, Ten), new LotIssuanceReversed(LotA, Xincheng, QuotaKind.Replenishment, Ten))
            .When(h => h.Lot(LotA).ReverseIssuance())
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_received_lot_was_not_issued_and_cannot_be_withdrawn() =>
        Given(Received(LotA, Xincheng, Ten, Huimin))
            .When(h => h.Lot(LotA).ReverseIssuance())
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void Every_event_moves_quota_between_buckets_without_creating_any()
    {
        var lot = Given(Issued(LotA, Xincheng, Ten), Reserved(LotA, Xincheng, Area(6), Reservation),
                Frozen(LotA, Xincheng, Quota(1, 500, 1), FreezeId),
                new LotReservationTransferred(LotA, Xincheng, QuotaKind.Replenishment, Area(6), Reservation, NewLot, Huimin),
                new LotQuotaDeducted(LotA, Xincheng, QuotaKind.Replenishment, Quota(1, 100, 0), DeductionId))
            .Lot(LotA);

        Assert.Equal(
            (Quota(2, 400, 3), Quota(1, 500, 1), Area(6), Quota(1, 100, 0)),
            (lot.Available, lot[Bucket.Frozen], lot[Bucket.TransferredOut], lot[Bucket.Deducted]));
    }
}
