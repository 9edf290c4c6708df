using System.Text.Json.Serialization;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Ledger.Lots;

/// <summary>
/// An event in the life of a lot. Each carries the lot's holder and kind and the amount it moves, so that the ledger
/// journal (<see cref="LotEvent.Entries"/>) follows from the event alone.
/// </summary>
public abstract record LotEvent(Guid LotId, string Holder, QuotaKind Kind, Measures Amount) : IEventOf<Lot>
{
    public abstract IReadOnlyList<LedgerEntry> Entries();

    protected IReadOnlyList<LedgerEntry> Move(Bucket from, Bucket to) => [new(from, -Amount), new(to, Amount)];
}

/// <summary>
/// Where a lot's quota came from: every unit traces back to a project and its storage application. The plan year is the
/// year of the project's acceptance, the year of the five-year plan whose target the quota counts towards (R10); lots
/// issued before it was recorded have none.
/// </summary>
public sealed record Provenance(
    Guid ProjectId,
    string ProjectName,
    Guid ApplicationId,
    [RegionCode] string OriginCounty,
    LandSource? LandSource,
    int? QualityGrade,
    Guid? ParentLotId = null,
    Guid? TransferId = null,
    Guid? DealId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PlanYear = null);

/// <summary>Storage approval issued new quota to the applying county (R4).</summary>
public sealed record LotIssued(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Provenance Provenance)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => [new(Bucket.Issued, Amount), new(Bucket.Available, Amount)];
}

/// <summary>A transfer split quota off a parent lot into this new lot of the receiving holder.</summary>
public sealed record LotReceived(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Provenance Provenance)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => [new(Bucket.Received, Amount), new(Bucket.Available, Amount)];
}

/// <summary>Quota held for a pending transfer or a link to a land-use approval, so it cannot be spent twice.</summary>
public sealed record LotQuotaReserved(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid ReservationId)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Available, Bucket.Reserved);
}

/// <summary>
/// Reserved quota given back to the holder: all of a reservation, or part of it (the unsold rest of a listing's
/// escrow, a defaulted deal's share).
/// </summary>
public sealed record LotReservationReleased(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid ReservationId)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Reserved, Bucket.Available);
}

public sealed record LotReservationTransferred(
    Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid ReservationId, Guid ToLotId, string ToHolder)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Reserved, Bucket.TransferredOut);
}

/// <summary>
/// R9: a deal was paid, and this share of the listing's escrow (<paramref name="ReservationId"/>) left the region's
/// ledger for the buyer, who received it as lot <paramref name="BuyerLotId"/>.
/// </summary>
public sealed record LotQuotaSold(
    Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid ReservationId, Guid DealId, Guid BuyerLotId, string Buyer)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Reserved, Bucket.Sold);
}

/// <summary>核销: the land-use approval was granted and the linked quota is consumed for good.</summary>
public sealed record LotReservationWrittenOff(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid ReservationId)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Reserved, Bucket.Consumed);
}

public sealed record LotQuotaFrozen(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid FreezeId)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Available, Bucket.Frozen);
}

public sealed record LotQuotaUnfrozen(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid FreezeId)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Frozen, Bucket.Available);
}

public sealed record LotQuotaDeducted(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid DeductionId)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Available, Bucket.Deducted);
}

/// <summary>R11 correction: a deduction made in error is given back.</summary>
public sealed record LotDeductionReversed(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid DeductionId)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Deducted, Bucket.Available);
}

/// <summary>R11 correction: a write-off recorded in error returns the quota to the holder.</summary>
public sealed record LotWriteOffReversed(Guid LotId, string Holder, QuotaKind Kind, Measures Amount, Guid ReservationId)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => Move(Bucket.Consumed, Bucket.Available);
}

/// <summary>R11 correction: quota issued in error is withdrawn; only possible while the whole lot is untouched.</summary>
public sealed record LotIssuanceReversed(Guid LotId, string Holder, QuotaKind Kind, Measures Amount)
    : LotEvent(LotId, Holder, Kind, Amount)
{
    public override IReadOnlyList<LedgerEntry> Entries() => [new(Bucket.Available, -Amount), new(Bucket.Issued, -Amount)];
}
