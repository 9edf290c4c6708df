using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Trading.Listings;

public enum ListingMode
{
    /// <summary>挂牌: a fixed unit price; buyers order quantities, first valid orders fill it.</summary>
    FixedPrice,

    /// <summary>拍卖: ascending bids on the unit price; the highest at the close wins the whole quantity.</summary>
    Auction,
}

/// <summary>Why trading on a listing ended.</summary>
public enum ClosingReason
{
    /// <summary>The trading window, after any extensions, ran out.</summary>
    WindowEnded,

    /// <summary>An auction bid reached the price cap, which ends the bidding.</summary>
    CapReached,

    /// <summary>Orders on a fixed-price listing took its whole quantity.</summary>
    SoldOut,
}

/// <summary>
/// What the centre sets on a listing. Prices are yuan per unit of <paramref name="Measure"/>; the deposit is a sum.
/// <paramref name="EligibleBuyers"/> null: any registered buyer may take part.
/// </summary>
public sealed record ListingTerms(
    QuotaKind Kind,
    PricedMeasure Measure,
    decimal Quantity,
    ListingMode Mode,
    decimal StartPrice,
    decimal Increment,
    decimal? Cap,
    decimal? Reserve,
    decimal Deposit,
    DateTimeOffset NoticeStart,
    DateTimeOffset TradingStart,
    DateTimeOffset TradingEnd,
    TimeSpan ExtensionWindow,
    int PublicityDays,
    int PaymentDays,
    int BarDays,
    IReadOnlyList<Guid>? EligibleBuyers);

/// <summary>One winner's part of a listing: the deal it will become, and the escrowed lot shares it takes.</summary>
public sealed record ListingAward(Guid DealId, string DealNumber, Guid BuyerId, decimal Quantity, decimal UnitPrice, decimal Price,
    IReadOnlyList<LotShare> Shares);

public sealed record ListingDrafted(Guid ListingId, string Number, string Seller, ListingTerms Terms, DateOnly ParametersEffectiveFrom,
    string DraftedBy) : IEventOf<Listing>;

/// <summary>The county whose lots are listed agreed to their sale, as its own decision.</summary>
public sealed record ListingConsentGiven(Guid ListingId, string Seller, string GivenBy) : IEventOf<Listing>;

public sealed record ListingSubmitted(Guid ListingId, string SubmittedBy) : IEventOf<Listing>;

/// <summary>The reviewer sent the listing back to its drafter; it can be submitted again.</summary>
public sealed record ListingReviewRejected(Guid ListingId, string RejectedBy, string Reason) : IEventOf<Listing>;

/// <summary>A second centre user approved the listing: it is announced, and its quota is in escrow from now on.</summary>
public sealed record ListingPublished(Guid ListingId, string ApprovedBy, IReadOnlyList<LotShare> Escrow) : IEventOf<Listing>;

/// <summary>
/// The notice period ended and trading began, at <paramref name="DueAt"/>; <paramref name="RecordedLate"/> says the
/// service recorded it only after it came back from downtime.
/// </summary>
public sealed record ListingTradingOpened(Guid ListingId, DateTimeOffset DueAt, bool RecordedLate) : IEventOf<Listing>;

public sealed record ListingOrderPlaced(Guid ListingId, Guid OrderId, Guid BuyerId, decimal Quantity, decimal UnitPrice, decimal Price)
    : IEventOf<Listing>;

/// <summary>A bid on the unit price; <paramref name="ClosesAt"/> is the close after it (later than before when it extended it).</summary>
public sealed record ListingBidPlaced(Guid ListingId, Guid BidId, Guid BuyerId, decimal UnitPrice, DateTimeOffset ClosesAt)
    : IEventOf<Listing>;

/// <summary>
/// Trading ended at <paramref name="ClosedAt"/>: when the window ran out (a close recorded after downtime is dated when
/// it was due, and <paramref name="RecordedLate"/> says so), or when the bid or order that ended it was placed.
/// </summary>
public sealed record ListingClosed(Guid ListingId, DateTimeOffset ClosedAt, ClosingReason Reason, bool RecordedLate) : IEventOf<Listing>;

/// <summary>预成交: the winners and their shares of the escrow; what was not sold went back to the seller.</summary>
public sealed record ListingProvisionallyAwarded(Guid ListingId, IReadOnlyList<ListingAward> Awards, IReadOnlyList<LotShare> Released)
    : IEventOf<Listing>;

/// <summary>流拍: no valid bid or order, or the reserve was not met; the escrow went back to the seller.</summary>
public sealed record ListingNotSold(Guid ListingId, string Reason, IReadOnlyList<LotShare> Released) : IEventOf<Listing>;

/// <summary>结果公示: the centre published the provisional result, open to objections until <paramref name="PublicityEnds"/>.</summary>
public sealed record ListingResultPublicised(Guid ListingId, string PublicisedBy, DateTimeOffset PublicityEnds) : IEventOf<Listing>;

/// <summary>成交: the publicity ended (at <paramref name="DueAt"/>) and each award became a deal, payable by the deadline.</summary>
public sealed record ListingConcluded(Guid ListingId, DateTimeOffset DueAt, bool RecordedLate, DateTimeOffset PaymentDeadline)
    : IEventOf<Listing>;

public sealed record ListingSuspended(Guid ListingId, string Reason, ListingStatus From) : IEventOf<Listing>;

/// <summary>中止 lifted; <paramref name="ClosesAt"/> is the close of trading from now on (a new one when the old passed).</summary>
public sealed record ListingResumed(Guid ListingId, string Reason, ListingStatus To, DateTimeOffset ClosesAt) : IEventOf<Listing>;

/// <summary>Withdrawn before trading began; any escrow went back to the seller.</summary>
public sealed record ListingWithdrawn(Guid ListingId, string Reason, IReadOnlyList<LotShare> Released) : IEventOf<Listing>;

/// <summary>交易终止 before a deal; the escrow went back to the seller, and the deposits are to be refunded.</summary>
public sealed record ListingTerminated(Guid ListingId, string Reason, IReadOnlyList<LotShare> Released) : IEventOf<Listing>;

/// <summary>One of the listing's deals was delivered, or defaulted (its share of the escrow then went back to the seller).</summary>
public sealed record ListingDealSettled(Guid ListingId, Guid DealId, bool Delivered) : IEventOf<Listing>;
