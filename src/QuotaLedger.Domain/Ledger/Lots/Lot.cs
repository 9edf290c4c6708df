using System.Collections.Immutable;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Ledger.Lots;

/// <summary>
/// A quantity of one kind of quota held by one holder, with its provenance. Lots are never merged: a partial
/// transfer splits a new lot off for the receiver, pointing back at its parent.
/// </summary>
public sealed record Lot(
    Guid Id,
    [RegionCode] string Holder,
    QuotaKind Kind,
    Provenance Provenance,
    ImmutableDictionary<Bucket, Measures> Buckets,
    ImmutableDictionary<Guid, Measures> Reservations,
    ImmutableDictionary<Guid, Measures> Freezes,
    ImmutableDictionary<Guid, Measures> Deductions,
    ImmutableDictionary<Guid, Measures> WriteOffs) : IAggregate<Lot>
{
    public static string StreamType => "lot";

    public IReadOnlyCollection<string> Parties => [Holder];

    public Measures this[Bucket bucket] => Buckets.GetValueOrDefault(bucket);

    public Measures Available => this[Bucket.Available];

    public static Lot? Evolve(Lot? lot, IDomainEvent @event) => @event switch
    {
        LotIssued e => Open(e, e.Provenance),
        LotReceived e => Open(e, e.Provenance),
        LotEvent e when lot is not null => lot.Apply(e),
        _ => lot,
    };

    private static Lot Open(LotEvent e, Provenance provenance) =>
        new Lot(e.LotId, e.Holder, e.Kind, provenance, ImmutableDictionary<Bucket, Measures>.Empty,
                ImmutableDictionary<Guid, Measures>.Empty, ImmutableDictionary<Guid, Measures>.Empty,
                ImmutableDictionary<Guid, Measures>.Empty, ImmutableDictionary<Guid, Measures>.Empty)
            .Apply(e);

    private Lot Apply(LotEvent e)
    {
        var buckets = Buckets;
        foreach (var entry in e.Entries())
            buckets = buckets.SetItem(entry.Bucket, buckets.GetValueOrDefault(entry.Bucket) + entry.Change);
        var lot = this with { Buckets = buckets };
        return e switch
        {
            LotQuotaReserved r => lot with { Reservations = Reservations.SetItem(r.ReservationId, r.Amount) },
            LotReservationReleased r => lot with { Reservations = Reduce(Reservations, r.ReservationId, r.Amount) },
            LotQuotaSold r => lot with { Reservations = Reduce(Reservations, r.ReservationId, r.Amount) },
            LotReservationTransferred r => lot with { Reservations = Reservations.Remove(r.ReservationId) },
            LotReservationWrittenOff r => lot with
            {
                Reservations = Reservations.Remove(r.ReservationId), WriteOffs = WriteOffs.SetItem(r.ReservationId, r.Amount),
            },
            LotWriteOffReversed r => lot with { WriteOffs = WriteOffs.Remove(r.ReservationId) },
            LotQuotaFrozen f => lot with { Freezes = Freezes.SetItem(f.FreezeId, f.Amount) },
            LotQuotaUnfrozen f => lot with { Freezes = Freezes.Remove(f.FreezeId) },
            LotQuotaDeducted d => lot with { Deductions = Deductions.SetItem(d.DeductionId, d.Amount) },
            LotDeductionReversed d => lot with { Deductions = Deductions.Remove(d.DeductionId) },
            _ => lot,
        };
    }

    private static ImmutableDictionary<Guid, Measures> Reduce(ImmutableDictionary<Guid, Measures> reservations, Guid id, Measures by)
    {
        var left = reservations.GetValueOrDefault(id) - by;
        return left.IsZero ? reservations.Remove(id) : reservations.SetItem(id, left);
    }

    // Decisions. Each returns the event that records it or refuses with the rule it would break.

    public LotQuotaReserved Reserve(Guid reservationId, Measures amount)
    {
        RequireAvailable(amount);
        return new(Id, Holder, Kind, amount, reservationId);
    }

    public LotReservationReleased Release(Guid reservationId) =>
        new(Id, Holder, Kind, Reserved(reservationId), reservationId);

    /// <summary>Gives back part of a reservation (escrow left unsold, a defaulted deal's share).</summary>
    public LotReservationReleased ReleasePart(Guid reservationId, Measures amount)
    {
        RequireReserved(reservationId, amount);
        return new(Id, Holder, Kind, amount, reservationId);
    }

    /// <summary>R9: delivers part of a listing's escrow on this lot to a buyer; the buyer's new lot keeps the provenance.</summary>
    public (LotQuotaSold Sold, LotReceived Bought) Sell(Guid reservationId, Measures amount, Guid dealId, string buyer, Guid buyerLotId)
    {
        RequireReserved(reservationId, amount);
        return (new(Id, Holder, Kind, amount, reservationId, dealId, buyerLotId, buyer),
            new(buyerLotId, buyer, Kind, amount, Provenance with { ParentLotId = Id, TransferId = null, DealId = dealId }));
    }

    private void RequireReserved(Guid reservationId, Measures amount)
    {
        if (amount.AnyNegative || amount.IsZero || !amount.FitsWithin(Reserved(reservationId)))
            throw new RuleViolationException(Rule.InvalidState,
                $"Lot {Id} holds {Reserved(reservationId)} under reservation {reservationId}; {amount} cannot be taken from it.");
    }

    public LotReservationTransferred TransferReservation(Guid reservationId, Guid toLotId, string toHolder) =>
        new(Id, Holder, Kind, Reserved(reservationId), reservationId, toLotId, toHolder);

    public LotReservationWrittenOff WriteOff(Guid reservationId) =>
        new(Id, Holder, Kind, Reserved(reservationId), reservationId);

    public LotWriteOffReversed ReverseWriteOff(Guid reservationId) =>
        WriteOffs.TryGetValue(reservationId, out var amount)
            ? new(Id, Holder, Kind, amount, reservationId)
            : throw new RuleViolationException(Rule.InvalidState, $"Lot {Id} has no write-off {reservationId}.");

    public LotQuotaFrozen Freeze(Guid freezeId, Measures amount)
    {
        RequireAvailable(amount);
        return new(Id, Holder, Kind, amount, freezeId);
    }

    public LotQuotaUnfrozen Unfreeze(Guid freezeId) =>
        Freezes.TryGetValue(freezeId, out var amount)
            ? new(Id, Holder, Kind, amount, freezeId)
            : throw new RuleViolationException(Rule.InvalidState, $"Lot {Id} has no freeze {freezeId}.");

    public LotQuotaDeducted Deduct(Guid deductionId, Measures amount)
    {
        RequireAvailable(amount);
        return new(Id, Holder, Kind, amount, deductionId);
    }

    public LotDeductionReversed ReverseDeduction(Guid deductionId) =>
        Deductions.TryGetValue(deductionId, out var amount)
            ? new(Id, Holder, Kind, amount, deductionId)
            : throw new RuleViolationException(Rule.InvalidState, $"Lot {Id} has no deduction {deductionId}.");

    public LotIssuanceReversed ReverseIssuance()
    {
        var issued = this[Bucket.Issued];
        if (issued.IsZero || Available != issued)
            throw new RuleViolationException(Rule.InvalidState,
                $"Lot {Id} can only be withdrawn while all of its issued quota is available and untouched; move it back first.");
        return new(Id, Holder, Kind, issued);
    }

    private Measures Reserved(Guid reservationId) =>
        Reservations.TryGetValue(reservationId, out var amount)
            ? amount
            : throw new RuleViolationException(Rule.InvalidState, $"Lot {Id} holds no reservation {reservationId}.");

    private void RequireAvailable(Measures amount)
    {
        if (amount.AnyNegative || amount.IsZero)
            throw new RuleViolationException(Rule.InvalidAmount, "The amount must be positive in at least one measure and negative in none.");
        if (!amount.FitsWithin(Available))
            throw new RuleViolationException(Rule.InsufficientQuota,
                $"Lot {Id} has {Available} available; {amount} was asked for. Frozen and reserved quota cannot be used.");
    }
}
