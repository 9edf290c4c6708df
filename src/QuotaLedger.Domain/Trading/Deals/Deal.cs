using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Listings;
using QuotaLedger.Domain.Trading.Proceeds;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Trading.Deals;

/// <summary>Where a deal came from: a listing's trading, or a point-to-point agreement with another province.</summary>
public enum DealSource
{
    Listing,
    Agreement,
}

public enum DealStatus
{
    AwaitingPayment,
    Paid,
    Delivered,
    Defaulted,
}

/// <summary>An amount payable by a time; a deal from a listing has one, an agreement those it was signed with.</summary>
public sealed record PaymentTranche(DateTimeOffset DueAt, decimal Amount);

public sealed record DealPayment(string BankReference, decimal Amount);

/// <summary>A share of the escrow delivered: from the seller's lot into the buyer's new lot, with the county it came from.</summary>
public sealed record DeliveredShare(Guid FromLotId, Guid BuyerLotId, decimal Quantity, [RegionCode] string OriginCounty);

/// <summary>
/// 成交: the deal the buyer is to pay. <paramref name="EscrowId"/> is the reservation on the seller's lots (the listing's or
/// the agreement's id) from which <paramref name="Shares"/> are delivered.
/// </summary>
public sealed record DealConcluded(
    Guid DealId, string Number, DealSource Source, Guid EscrowId, string Seller, Guid BuyerId, QuotaKind Kind, PricedMeasure Measure,
    decimal Quantity, decimal UnitPrice, decimal Price, decimal DepositCredited, decimal AmountDue, IReadOnlyList<PaymentTranche> Tranches,
    IReadOnlyList<LotShare> Shares, DateTimeOffset ConcludedAt, int BarDays) : IEventOf<Deal>;

/// <summary>The buyer says it paid, with the bank reference of its transfer, for the centre to match.</summary>
public sealed record DealPaymentReferenceSubmitted(Guid DealId, string BankReference, decimal Amount, string SubmittedBy) : IEventOf<Deal>;

/// <summary>The centre confirmed that money arrived, once per bank reference.</summary>
public sealed record DealPaymentConfirmed(Guid DealId, Guid BuyerId, string BankReference, decimal Amount, string ConfirmedBy) : IEventOf<Deal>;

/// <summary>The whole amount due is confirmed as paid.</summary>
public sealed record DealPaid(Guid DealId, decimal Paid) : IEventOf<Deal>;

/// <summary>
/// R9: the quota left Inner Mongolia's ledger for the buyer's holding, once, and the price was attributed to the counties
/// whose lots were delivered.
/// </summary>
public sealed record DealDelivered(Guid DealId, Guid BuyerId, IReadOnlyList<DeliveredShare> Deliveries, IReadOnlyList<CountyProceeds> Proceeds)
    : IEventOf<Deal>;

/// <summary>
/// The payment due at <paramref name="DueAt"/> did not come: the deposit is forfeited, the escrow went back to the seller
/// and the buyer is barred.
/// </summary>
public sealed record DealDefaulted(
    Guid DealId, Guid BuyerId, DateTimeOffset DueAt, bool RecordedLate, decimal DepositForfeited, IReadOnlyList<LotShare> Released)
    : IEventOf<Deal>;

/// <summary>
/// A deal of cross-province sale (R9): awaiting payment until the centre confirms the amount due as paid, then
/// delivered in the same decision; or defaulted when a payment deadline passes.
/// </summary>
public sealed record Deal(
    Guid Id,
    string Number,
    DealSource Source,
    Guid EscrowId,
    [RegionCode] string Seller,
    Guid BuyerId,
    QuotaKind Kind,
    PricedMeasure Measure,
    decimal Quantity,
    decimal UnitPrice,
    decimal Price,
    decimal DepositCredited,
    decimal AmountDue,
    IReadOnlyList<PaymentTranche> Tranches,
    IReadOnlyList<LotShare> Shares,
    DateTimeOffset ConcludedAt,
    int BarDays,
    DealStatus Status,
    IReadOnlyList<string> SubmittedReferences,
    IReadOnlyList<DealPayment> Payments,
    IReadOnlyList<DeliveredShare> Deliveries,
    IReadOnlyList<CountyProceeds> Proceeds) : IAggregate<Deal>, ILotOperation
{
    public static string StreamType => "deal";

    public string Buyer => Trading.Buyers.Buyer.HolderOf(BuyerId);

    public IReadOnlyCollection<string> Parties => [Seller, Buyer];

    public IReadOnlyCollection<Guid> LotIds => Shares.Select(s => s.LotId).ToArray();

    public decimal Paid => Payments.Sum(p => p.Amount);

    public decimal Outstanding => AmountDue - Paid;

    /// <summary>The first tranche whose deadline leaves the payments short (cumulatively), or null when none does.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            var due = 0m;
            foreach (var tranche in Tranches)
            {
                due += tranche.Amount;
                if (Paid < due) return tranche.DueAt;
            }
            return null;
        }
    }

    public static Deal? Evolve(Deal? state, IDomainEvent @event) => @event switch
    {
        DealConcluded e => new Deal(e.DealId, e.Number, e.Source, e.EscrowId, e.Seller, e.BuyerId, e.Kind, e.Measure, e.Quantity, e.UnitPrice,
            e.Price, e.DepositCredited, e.AmountDue, e.Tranches, e.Shares, e.ConcludedAt, e.BarDays, DealStatus.AwaitingPayment, [], [], [], []),
        DealPaymentReferenceSubmitted e => state! with { SubmittedReferences = [.. state.SubmittedReferences, e.BankReference] },
        DealPaymentConfirmed e => state! with { Payments = [.. state.Payments, new DealPayment(e.BankReference, e.Amount)] },
        DealPaid => state! with { Status = DealStatus.Paid },
        DealDelivered e => state! with { Status = DealStatus.Delivered, Deliveries = e.Deliveries, Proceeds = e.Proceeds },
        DealDefaulted => state! with { Status = DealStatus.Defaulted },
        _ => state,
    };

    /// <summary>A listing's award becomes a deal: the deposit held counts towards the price; the rest is due by the deadline.</summary>
    public static DealConcluded Conclude(ListingAward award, Listing listing, decimal depositHeld, DateTimeOffset concludedAt, DateTimeOffset deadline)
    {
        var credited = Math.Min(depositHeld, award.Price);
        var due = award.Price - credited;
        return new DealConcluded(award.DealId, award.DealNumber, DealSource.Listing, listing.Id, listing.Seller, award.BuyerId, listing.Kind,
            listing.Terms.Measure, award.Quantity, award.UnitPrice, award.Price, credited, due, [new PaymentTranche(deadline, due)], award.Shares,
            concludedAt, listing.Terms.BarDays);
    }

    public DealPaymentReferenceSubmitted SubmitPaymentReference(string bankReference, decimal amount, Actor buyer)
    {
        RequireStatus("paid", DealStatus.AwaitingPayment);
        if (SubmittedReferences.Contains(bankReference))
            throw new RuleViolationException(Rule.PaymentMismatch, $"Bank reference {bankReference} was already submitted for deal {Number}.");
        return new DealPaymentReferenceSubmitted(Id, bankReference, amount, buyer.UserId);
    }

    /// <summary>
    /// The centre confirms money received under a bank reference. The same reference confirmed again is the same payment
    /// (nothing is recorded); the payment that completes the amount due delivers the quota in the same decision.
    /// </summary>
    public IReadOnlyList<IDomainEvent> ConfirmPayment(
        string bankReference, decimal amount, Actor centre, IReadOnlyDictionary<Guid, Lot> lots, Func<Guid> newLotId)
    {
        if (Payments.FirstOrDefault(p => p.BankReference == bankReference) is { } known)
            return known.Amount == amount
                ? []
                : throw new RuleViolationException(Rule.PaymentMismatch,
                    $"Bank reference {bankReference} was confirmed for deal {Number} as {known.Amount} yuan, not {amount}.");
        RequireStatus("paid", DealStatus.AwaitingPayment);
        Yuan.RequireAmount(amount, "payment");
        if (amount > Outstanding || (amount == 0 && Outstanding > 0))
            throw new RuleViolationException(Rule.PaymentMismatch,
                $"Deal {Number} has {Outstanding} yuan outstanding; a payment of {amount} yuan does not fit it.");
        var confirmed = new DealPaymentConfirmed(Id, BuyerId, bankReference, amount, centre.UserId);
        if (amount < Outstanding) return [confirmed];
        return [confirmed, new DealPaid(Id, Paid + amount), .. Deliver(lots, newLotId)];
    }

    /// <summary>Each escrowed share moves from the seller's lot into a new lot of the buyer, once; the proceeds are attributed.</summary>
    private IReadOnlyList<IDomainEvent> Deliver(IReadOnlyDictionary<Guid, Lot> lots, Func<Guid> newLotId)
    {
        var events = new List<IDomainEvent>();
        var deliveries = new List<DeliveredShare>();
        foreach (var share in Shares)
        {
            var lot = lots[share.LotId];
            var (sold, bought) = lot.Sell(EscrowId, share.Amount, Id, Buyer, newLotId());
            events.Add(sold);
            events.Add(bought);
            deliveries.Add(new DeliveredShare(lot.Id, bought.LotId, Measure.Of(share.Amount), lot.Provenance.OriginCounty));
        }
        var proceeds = ProceedsAttribution.Attribute(Price, deliveries.Select(d => (d.OriginCounty, d.Quantity)));
        return [new DealDelivered(Id, BuyerId, deliveries, proceeds), .. events];
    }

    /// <summary>
    /// A payment deadline passed with the payments short (a timed job): the deposit is forfeited, the escrowed shares go
    /// back to the seller, and the buyer is barred for the days the listing's terms said.
    /// </summary>
    public (DealDefaulted Defaulted, IReadOnlyList<LotReservationReleased> Released) Default(
        IReadOnlyDictionary<Guid, Lot> lots, decimal depositForfeited, DateTimeOffset now)
    {
        RequireStatus("defaulted", DealStatus.AwaitingPayment);
        if (NextDeadline is not { } due || now < due)
            throw new RuleViolationException(Rule.InvalidSchedule, $"No payment deadline of deal {Number} has passed unmet.");
        return (new DealDefaulted(Id, BuyerId, due, TimedTransitions.IsLate(due, now), depositForfeited, Shares),
            Shares.Select(s => lots[s.LotId].ReleasePart(EscrowId, s.Amount)).ToArray());
    }

    private void RequireStatus(string action, DealStatus allowed)
    {
        if (Status != allowed)
            throw new RuleViolationException(Rule.InvalidState, $"Deal {Number} is {Spelling.Of(Status)} and cannot be {action}.");
    }
}
