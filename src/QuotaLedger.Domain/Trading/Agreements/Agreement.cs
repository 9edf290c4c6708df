using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Parameters;

namespace QuotaLedger.Domain.Trading.Agreements;

/// <summary>点对点: the centre recorded an agreement signed with another province, for a second centre user to review.</summary>
public sealed record AgreementRecorded(
    Guid AgreementId, string Number, string Seller, Guid BuyerId, string CounterpartProvince, QuotaKind Kind, PricedMeasure Measure,
    decimal Quantity, decimal UnitPrice, decimal Price, IReadOnlyList<PaymentTranche> Tranches, DateOnly SignedOn, int BarDays,
    string RecordedBy) : IEventOf<Agreement>;

/// <summary>Approved: the quantity is in escrow under the agreement's id, and the agreement is a deal awaiting payment.</summary>
public sealed record AgreementApproved(Guid AgreementId, string ApprovedBy, Guid DealId, IReadOnlyList<LotShare> Escrow) : IEventOf<Agreement>;

public sealed record AgreementRejected(Guid AgreementId, string RejectedBy, string Reason) : IEventOf<Agreement>;

public enum AgreementStatus
{
    UnderReview,
    Concluded,
    Rejected,
}

/// <summary>
/// A point-to-point agreement with another province (R9; P-2022 §二(三)1): a quantity of one measure at a unit price, paid
/// in tranches. Reviewed by a second centre user; approval reserves the quota and concludes the deal, which is settled
/// and delivered as any deal is.
/// </summary>
public sealed record Agreement(
    Guid Id, string Number, [RegionCode] string Seller, Guid BuyerId, string CounterpartProvince, QuotaKind Kind, PricedMeasure Measure,
    decimal Quantity, decimal UnitPrice, decimal Price, IReadOnlyList<PaymentTranche> Tranches, DateOnly SignedOn, int BarDays,
    string RecordedBy, AgreementStatus Status, string? ApprovedBy, Guid? DealId, string? Reason) : IAggregate<Agreement>
{
    public static string StreamType => "agreement";

    public IReadOnlyCollection<string> Parties => [Seller, Buyers.Buyer.HolderOf(BuyerId)];

    public static Agreement? Evolve(Agreement? state, IDomainEvent @event) => @event switch
    {
        AgreementRecorded e => new Agreement(e.AgreementId, e.Number, e.Seller, e.BuyerId, e.CounterpartProvince, e.Kind, e.Measure,
            e.Quantity, e.UnitPrice, e.Price, e.Tranches, e.SignedOn, e.BarDays, e.RecordedBy, AgreementStatus.UnderReview, null, null, null),
        AgreementApproved e => state! with { Status = AgreementStatus.Concluded, ApprovedBy = e.ApprovedBy, DealId = e.DealId },
        AgreementRejected e => state! with { Status = AgreementStatus.Rejected, Reason = e.Reason },
        _ => state,
    };

    /// <summary>
    /// The unit price may not be below the floor in force on the signing day; the tranches add up to the price and fall due
    /// in order, none before today.
    /// </summary>
    public static AgreementRecorded Record(
        Guid id, string number, string seller, Buyer buyer, QuotaKind kind, PricedMeasure measure, decimal quantity, decimal unitPrice,
        IReadOnlyList<PaymentTranche> tranches, DateOnly signedOn, TradingParameters parameters, RegionCatalog regions, DateTimeOffset now,
        Actor centre)
    {
        if (seller != RegionCatalog.RegionCode && !regions.IsCounty(seller))
            throw new RuleViolationException(Rule.InvalidHolder,
                $"{seller} cannot sell: agreements are made from the region account {RegionCatalog.RegionCode} or a county's lots.");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        buyer.RequireMayTrade(today);
        measure.RequireQuantity(kind, quantity, "agreement");
        Yuan.RequireAmount(unitPrice, "unit price");
        if (signedOn > today) throw new RuleViolationException(Rule.InvalidSchedule, $"An agreement is recorded once signed; {signedOn} is after today.");
        var set = parameters.RequireInForceOn(signedOn);
        set.RequireAtOrAboveFloor(kind, measure, unitPrice, signedOn, "unit price");
        var price = Yuan.PriceOf(quantity, unitPrice);
        if (tranches.Count == 0 || tranches.Sum(t => t.Amount) != price)
            throw new RuleViolationException(Rule.PaymentMismatch,
                $"The payment tranches add up to {tranches.Sum(t => t.Amount)} yuan; the price is {price} yuan ({quantity} × {unitPrice}).");
        foreach (var tranche in tranches) Yuan.RequireAmount(tranche.Amount, "tranche");
        if (tranches.Any(t => t.Amount <= 0) || tranches.Zip(tranches.Skip(1)).Any(p => p.Second.DueAt <= p.First.DueAt) || tranches[0].DueAt <= now)
            throw new RuleViolationException(Rule.InvalidSchedule, "Each tranche is positive and falls due after the one before it, the first after now.");
        return new AgreementRecorded(id, number, seller, buyer.Id, buyer.ProvinceCode, kind, measure, quantity, unitPrice, price, tranches,
            signedOn, set.Terms.DefaultBarDays, centre.UserId);
    }

    /// <summary>
    /// Four eyes: a second centre user approves; the quantity goes into escrow and the deal is concluded, with a buyer who
    /// may still trade that day (a bar since the recording stops it).
    /// </summary>
    public (AgreementApproved Approved, IReadOnlyList<LotQuotaReserved> Reserved, DealConcluded Deal) Approve(
        Actor reviewer, Buyer buyer, IReadOnlyList<Lot> sellerLots, Guid dealId, DateTimeOffset now)
    {
        RequireUnderReview("approved", reviewer);
        buyer.RequireMayTrade(DateOnly.FromDateTime(now.UtcDateTime));
        if (sellerLots.FirstOrDefault(l => l.Holder != Seller || l.Kind != Kind) is { } foreign)
            throw new RuleViolationException(Rule.KindMismatch, $"Lot {foreign.Id} is not {Spelling.Of(Kind)} quota of {Seller}.");
        var shares = Allocation.Allocate(sellerLots, Measure.AsMeasures(Quantity), Seller);
        var byId = sellerLots.ToDictionary(l => l.Id);
        var reserved = shares.Select(s => byId[s.LotId].Reserve(Id, s.Amount)).ToArray();
        var deal = new DealConcluded(dealId, Number, DealSource.Agreement, Id, Seller, BuyerId, Kind, Measure, Quantity, UnitPrice, Price, 0,
            Price, Tranches, shares, now, BarDays);
        return (new AgreementApproved(Id, reviewer.UserId, dealId, shares), reserved, deal);
    }

    public AgreementRejected Reject(Actor reviewer, string reason)
    {
        RequireUnderReview("rejected", reviewer);
        return new AgreementRejected(Id, reviewer.UserId, reason);
    }

    private void RequireUnderReview(string action, Actor reviewer)
    {
        if (Status != AgreementStatus.UnderReview)
            throw new RuleViolationException(Rule.InvalidState, $"Agreement {Number} is {Spelling.Of(Status)} and cannot be {action}.");
        if (reviewer.UserId == RecordedBy)
            throw new RuleViolationException(Rule.FourEyesRequired, $"Agreement {Number} must be reviewed by a centre user other than the one who recorded it.");
    }
}
