using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Parameters;

namespace QuotaLedger.Domain.Trading.Listings;

public enum ListingStatus
{
    Draft,
    UnderReview,
    /// <summary>公告期: announced, not yet trading.</summary>
    Notice,
    Trading,
    /// <summary>预成交: trading closed with winners, the result not yet published.</summary>
    ProvisionalDeal,
    /// <summary>结果公示期.</summary>
    Publicity,
    /// <summary>成交: deals awaiting payment.</summary>
    Deal,
    /// <summary>Every deal settled, at least one delivered.</summary>
    Delivered,
    /// <summary>Every deal defaulted; the escrow went back to the seller.</summary>
    Defaulted,
    /// <summary>未成交 / 流拍.</summary>
    NoDeal,
    /// <summary>中止, until resumed.</summary>
    Suspended,
    Withdrawn,
    /// <summary>交易终止.</summary>
    Terminated,
}

public sealed record ListingOrder(Guid OrderId, Guid BuyerId, decimal Quantity, decimal UnitPrice, decimal Price);

public sealed record ListingBid(Guid BidId, Guid BuyerId, decimal UnitPrice);

/// <summary>An award and what became of its deal.</summary>
public sealed record AwardOutcome(ListingAward Award, bool? Delivered);

/// <summary>
/// A lot of quota offered to buyers of other provinces (R9), from the region account or, with its consent, from a
/// county: drafted, reviewed by a second centre user, announced (its quota in escrow from then on), traded, closed,
/// its result publicised, concluded into deals, and settled.
/// </summary>
public sealed record Listing(
    Guid Id,
    string Number,
    string Seller,
    ListingTerms Terms,
    ListingStatus Status,
    string DraftedBy,
    string? ConsentGivenBy,
    string? ApprovedBy,
    IReadOnlyList<LotShare> Escrow,
    DateTimeOffset ClosesAt,
    IReadOnlyList<ListingOrder> Orders,
    IReadOnlyList<ListingBid> Bids,
    IReadOnlyList<AwardOutcome> Awards,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? PublicityEnds,
    ListingStatus? SuspendedFrom,
    string? Reason) : IAggregate<Listing>
{
    public static string StreamType => "listing";

    public IReadOnlyCollection<string> Parties => [Seller];

    public QuotaKind Kind => Terms.Kind;

    /// <summary>The quantity still offered: on a fixed-price listing, what orders have not taken.</summary>
    public decimal Remaining => Terms.Quantity - Orders.Sum(o => o.Quantity);

    public ListingBid? HighestBid => Bids.Count == 0 ? null : Bids[^1];

    /// <summary>Escrow is reserved on the seller's lots under the listing's id.</summary>
    public Guid ReservationId => Id;

    public static Listing? Evolve(Listing? state, IDomainEvent @event) => @event switch
    {
        ListingDrafted e => new Listing(e.ListingId, e.Number, e.Seller, e.Terms, ListingStatus.Draft, e.DraftedBy, null, null, [],
            e.Terms.TradingEnd, [], [], [], null, null, null, null),
        ListingConsentGiven e => state! with { ConsentGivenBy = e.GivenBy },
        ListingSubmitted => state! with { Status = ListingStatus.UnderReview, Reason = null },
        ListingReviewRejected e => state! with { Status = ListingStatus.Draft, Reason = e.Reason },
        ListingPublished e => state! with { Status = ListingStatus.Notice, ApprovedBy = e.ApprovedBy, Escrow = e.Escrow },
        ListingTradingOpened => state! with { Status = ListingStatus.Trading },
        ListingOrderPlaced e => state! with
        {
            Orders = [.. state.Orders, new ListingOrder(e.OrderId, e.BuyerId, e.Quantity, e.UnitPrice, e.Price)],
        },
        ListingBidPlaced e => state! with
        {
            Bids = [.. state.Bids, new ListingBid(e.BidId, e.BuyerId, e.UnitPrice)], ClosesAt = e.ClosesAt,
        },
        ListingClosed e => state! with { ClosedAt = e.ClosedAt },
        ListingProvisionallyAwarded e => state! with
        {
            Status = ListingStatus.ProvisionalDeal, Awards = e.Awards.Select(a => new AwardOutcome(a, null)).ToArray(),
            Escrow = e.Awards.SelectMany(a => a.Shares).ToArray(),
        },
        ListingNotSold e => state! with { Status = ListingStatus.NoDeal, Escrow = [], Reason = e.Reason },
        ListingResultPublicised e => state! with { Status = ListingStatus.Publicity, PublicityEnds = e.PublicityEnds },
        ListingConcluded => state! with { Status = ListingStatus.Deal },
        ListingSuspended e => state! with { Status = ListingStatus.Suspended, SuspendedFrom = e.From, Reason = e.Reason },
        ListingResumed e => state! with { Status = e.To, SuspendedFrom = null, ClosesAt = e.ClosesAt, Reason = null },
        ListingWithdrawn e => state! with { Status = ListingStatus.Withdrawn, Escrow = [], Reason = e.Reason },
        ListingTerminated e => state! with { Status = ListingStatus.Terminated, Escrow = [], Reason = e.Reason },
        ListingDealSettled e => state!.Settle(e),
        _ => state,
    };

    private Listing Settle(ListingDealSettled e)
    {
        var awards = Awards.Select(a => a.Award.DealId == e.DealId ? a with { Delivered = e.Delivered } : a).ToArray();
        var status = awards.Any(a => a.Delivered is null) ? Status
            : awards.Any(a => a.Delivered == true) ? ListingStatus.Delivered : ListingStatus.Defaulted;
        // The escrow is the shares of the deals not yet settled, whichever order they settle in.
        var rest = awards.Where(a => a.Delivered is null).SelectMany(a => a.Award.Shares).ToArray();
        return this with { Awards = awards, Status = status, Escrow = rest };
    }

    // Decisions.

    /// <summary>
    /// The centre drafts a listing from the region account or a county's lots. Terms it leaves out come from the
    /// parameters in force on the notice day; the start price may not be below that day's floor.
    /// </summary>
    public static ListingDrafted Draft(
        Guid id, string number, string seller, ListingRequest request, TradingParameters parameters, RegionCatalog regions,
        DateTimeOffset now, Actor centre)
    {
        if (seller != RegionCatalog.RegionCode && !regions.IsCounty(seller))
            throw new RuleViolationException(Rule.InvalidHolder,
                $"{seller} cannot sell: listings are made from the region account {RegionCatalog.RegionCode} or from a county's lots.");
        request.Measure.RequireQuantity(request.Kind, request.Quantity, "listing");
        var noticeDay = DateOnly.FromDateTime(request.NoticeStart.UtcDateTime);
        var set = parameters.RequireInForceOn(noticeDay);
        var t = set.Terms;
        Yuan.RequireAmount(request.StartPrice, "start price");
        if (request.StartPrice <= 0) throw new RuleViolationException(Rule.InvalidAmount, "The start price must be positive.");
        set.RequireAtOrAboveFloor(request.Kind, request.Measure, request.StartPrice, noticeDay, "start price");

        var auction = request.Mode == ListingMode.Auction;
        var increment = request.Increment ?? (auction ? Yuan.Percent(request.StartPrice, t.IncrementPercent) : 0m);
        decimal? cap = auction ? request.Cap ?? Yuan.Percent(request.StartPrice, t.CapPercent) : null;
        var deposit = request.Deposit ?? Yuan.Percent(Yuan.PriceOf(request.Quantity, request.StartPrice), t.DepositPercent);
        Yuan.RequireAmount(increment, "increment");
        Yuan.RequireAmount(deposit, "deposit");
        if (auction)
        {
            if (increment <= 0) throw new RuleViolationException(Rule.InvalidAmount, "An auction's increment must be positive.");
            Yuan.RequireAmount(cap!.Value, "price cap");
            if (cap < request.StartPrice)
                throw new RuleViolationException(Rule.InvalidAmount, $"The price cap ({cap}) is below the start price ({request.StartPrice}).");
            if (request.Reserve is { } reserve && (reserve < request.StartPrice || reserve > cap))
                throw new RuleViolationException(Rule.InvalidAmount, $"The reserve ({reserve}) must lie between the start price and the cap.");
        }
        else if (request.Cap is not null || request.Reserve is not null || request.Increment is not null)
            throw new RuleViolationException(Rule.InvalidAmount, "A fixed-price listing has no increment, cap or reserve: only auctions do.");

        if (request.NoticeStart < now.AddMinutes(-1))
            throw new RuleViolationException(Rule.InvalidSchedule, $"The notice cannot start in the past ({request.NoticeStart}; it is {now}).");
        if (request.TradingStart < request.NoticeStart.AddDays(t.NoticeDays))
            throw new RuleViolationException(Rule.InvalidSchedule,
                $"Trading may start only after the notice period of {t.NoticeDays} days: on {request.NoticeStart.AddDays(t.NoticeDays)} or later.");
        if (request.TradingEnd <= request.TradingStart)
            throw new RuleViolationException(Rule.InvalidSchedule, "The trading window must end after it starts.");

        var terms = new ListingTerms(request.Kind, request.Measure, request.Quantity, request.Mode, request.StartPrice, increment, cap,
            auction ? request.Reserve : null, deposit, request.NoticeStart, request.TradingStart, request.TradingEnd,
            auction ? t.ExtensionWindow : TimeSpan.Zero, t.PublicityDays, t.PaymentDays, t.DefaultBarDays,
            request.EligibleBuyers is { Count: > 0 } named ? named.Distinct().ToArray() : null);
        return new ListingDrafted(id, number, seller, terms, set.EffectiveFrom, centre.UserId);
    }

    public ListingConsentGiven Consent(Actor county)
    {
        RequireStatus("given consent", ListingStatus.Draft, ListingStatus.UnderReview);
        if (Seller == RegionCatalog.RegionCode)
            throw new RuleViolationException(Rule.InvalidState, "A listing from the region account needs no county's consent.");
        if (ConsentGivenBy is not null) throw new RuleViolationException(Rule.InvalidState, $"{Seller} has already consented to listing {Number}.");
        return new ListingConsentGiven(Id, Seller, county.UserId);
    }

    public ListingSubmitted Submit(Actor centre)
    {
        RequireStatus("submitted for review", ListingStatus.Draft);
        if (Seller != RegionCatalog.RegionCode && ConsentGivenBy is null)
            throw new RuleViolationException(Rule.ConsentRequired, $"County {Seller} has not consented to the sale of its quota in listing {Number}.");
        return new ListingSubmitted(Id, centre.UserId);
    }

    public ListingReviewRejected RejectReview(Actor reviewer, string reason)
    {
        RequireStatus("sent back", ListingStatus.UnderReview);
        RequireSecondUser(reviewer);
        return new ListingReviewRejected(Id, reviewer.UserId, reason);
    }

    /// <summary>
    /// Four eyes: a centre user other than the drafter approves, and the quantity goes into escrow on the seller's lots
    /// (oldest first) under the listing's id: it can no longer be moved, consumed, frozen or listed again.
    /// </summary>
    public (ListingPublished Published, IReadOnlyList<LotQuotaReserved> Reserved) Publish(
        Actor reviewer, IReadOnlyList<Lot> sellerLots, TradingParameters parameters, DateTimeOffset now)
    {
        RequireStatus("published", ListingStatus.UnderReview);
        RequireSecondUser(reviewer);
        var noticeDay = DateOnly.FromDateTime(Terms.NoticeStart.UtcDateTime);
        var set = parameters.RequireInForceOn(noticeDay);
        set.RequireAtOrAboveFloor(Kind, Terms.Measure, Terms.StartPrice, noticeDay, "start price");
        var noticeFrom = now > Terms.NoticeStart ? now : Terms.NoticeStart;
        if (Terms.TradingStart < noticeFrom.AddDays(set.Terms.NoticeDays))
            throw new RuleViolationException(Rule.InvalidSchedule,
                $"Published now, listing {Number} would be announced for less than the {set.Terms.NoticeDays} days of notice before trading starts at {Terms.TradingStart}.");
        if (sellerLots.FirstOrDefault(l => l.Holder != Seller || l.Kind != Kind) is { } foreign)
            throw new RuleViolationException(Rule.KindMismatch, $"Lot {foreign.Id} is not {Spelling.Of(Kind)} quota of {Seller}.");
        var shares = Allocation.Allocate(sellerLots, Terms.Measure.AsMeasures(Terms.Quantity), Seller);
        var byId = sellerLots.ToDictionary(l => l.Id);
        var reserved = shares.Select(s => byId[s.LotId].Reserve(ReservationId, s.Amount)).ToArray();
        return (new ListingPublished(Id, reviewer.UserId, shares), reserved);
    }

    /// <summary>The notice period is over: trading opens (a timed job).</summary>
    public ListingTradingOpened OpenTrading(DateTimeOffset now)
    {
        RequireStatus("opened for trading", ListingStatus.Notice);
        if (now < Terms.TradingStart) throw new RuleViolationException(Rule.InvalidSchedule, $"Trading on listing {Number} starts at {Terms.TradingStart}.");
        return new ListingTradingOpened(Id, Terms.TradingStart, TimedTransitions.IsLate(Terms.TradingStart, now));
    }

    /// <summary>
    /// A buyer orders a quantity of a fixed-price listing at its price. The order that takes the last of it closes
    /// trading and awards the listing in the same decision.
    /// </summary>
    public IReadOnlyList<IEventOf<Listing>> Order(
        Guid orderId, Participant buyer, decimal quantity, TradingParameters parameters, DateTimeOffset now, Func<Guid> newDealId)
    {
        RequireMode(ListingMode.FixedPrice, "ordered from");
        RequireOpenTo(buyer, parameters, Terms.StartPrice, now, "price");
        Terms.Measure.RequireQuantity(Kind, quantity, "order");
        if (quantity > Remaining)
            throw new RuleViolationException(Rule.InsufficientQuota,
                $"Listing {Number} has {Remaining} {Terms.Measure.Unit()} left; {quantity} was ordered.");
        var placed = new ListingOrderPlaced(Id, orderId, buyer.Buyer.Id, quantity, Terms.StartPrice, Yuan.PriceOf(quantity, Terms.StartPrice));
        if (quantity < Remaining) return [placed];
        var after = (Listing)Evolve(this, placed)!;
        return [placed, .. after.Close(now, ClosingReason.SoldOut, recordedLate: false, newDealId)];
    }

    /// <summary>
    /// A buyer bids a unit price on an auction: at least the start price, and above the best bid by the increment; at
    /// most the cap. A bid inside the extension window moves the close; a bid at the cap ends the bidding.
    /// </summary>
    public IReadOnlyList<IEventOf<Listing>> Bid(
        Guid bidId, Participant buyer, decimal unitPrice, TradingParameters parameters, DateTimeOffset now, Func<Guid> newDealId)
    {
        RequireMode(ListingMode.Auction, "bid on");
        if (!Yuan.IsInFen(unitPrice) || unitPrice <= 0)
            throw new RuleViolationException(Rule.InvalidAmount, $"A bid is a positive unit price kept to the fen; {unitPrice} is not.");
        RequireOpenTo(buyer, parameters, unitPrice, now, "bid");
        // Near the cap a full increment may overshoot it: a bid at the cap is then the one bid left, and it ends the bidding.
        var lowest = HighestBid is { } best ? Math.Min(best.UnitPrice + Terms.Increment, Terms.Cap!.Value) : Terms.StartPrice;
        if (unitPrice < lowest)
            throw new RuleViolationException(Rule.BidTooLow,
                HighestBid is null
                    ? $"The first bid on listing {Number} must be at least the start price of {Terms.StartPrice} yuan per {Terms.Measure.Unit()}."
                    : $"A bid on listing {Number} must be at least {lowest} yuan per {Terms.Measure.Unit()}: the best bid plus the increment of {Terms.Increment}.");
        if (unitPrice > Terms.Cap)
            throw new RuleViolationException(Rule.AboveCap, $"The price cap of listing {Number} is {Terms.Cap} yuan per {Terms.Measure.Unit()}.");
        var closesAt = now >= ClosesAt - Terms.ExtensionWindow ? now + Terms.ExtensionWindow : ClosesAt;
        var placed = new ListingBidPlaced(Id, bidId, buyer.Buyer.Id, unitPrice, closesAt);
        if (unitPrice < Terms.Cap) return [placed];
        var after = (Listing)Evolve(this, placed)!;
        return [placed, .. after.Close(now, ClosingReason.CapReached, recordedLate: false, newDealId)];
    }

    /// <summary>The trading window ran out (a timed job): the listing is awarded, or not sold.</summary>
    public IReadOnlyList<IEventOf<Listing>> CloseTrading(DateTimeOffset now, Func<Guid> newDealId)
    {
        RequireStatus("closed", ListingStatus.Trading);
        if (now < ClosesAt) throw new RuleViolationException(Rule.InvalidSchedule, $"Trading on listing {Number} closes at {ClosesAt}.");
        return Close(ClosesAt, ClosingReason.WindowEnded, TimedTransitions.IsLate(ClosesAt, now), newDealId);
    }

    private IReadOnlyList<IEventOf<Listing>> Close(DateTimeOffset closedAt, ClosingReason reason, bool recordedLate, Func<Guid> newDealId)
    {
        var closed = new ListingClosed(Id, closedAt, reason, recordedLate);
        var wins = Terms.Mode == ListingMode.Auction ? AuctionWinners() : OrderWinners();
        if (wins.Count == 0)
            return [closed, new ListingNotSold(Id, Terms.Mode == ListingMode.Auction
                ? HighestBid is null ? "No valid bid was placed." : $"The best bid of {HighestBid.UnitPrice} did not reach the reserve."
                : "No order was placed.", Escrow)];

        var awards = new List<ListingAward>();
        var rest = Escrow;
        foreach (var (buyerId, quantity, unitPrice) in wins)
        {
            (var taken, rest) = Listings.Escrow.Take(rest, Terms.Measure.AsMeasures(quantity));
            awards.Add(new ListingAward(newDealId(), $"{Number}-{awards.Count + 1}", buyerId, quantity, unitPrice,
                Yuan.PriceOf(quantity, unitPrice), taken));
        }
        return [closed, new ListingProvisionallyAwarded(Id, awards, rest)];
    }

    private List<(Guid Buyer, decimal Quantity, decimal UnitPrice)> AuctionWinners() =>
        HighestBid is { } best && (Terms.Reserve is not { } reserve || best.UnitPrice >= reserve)
            ? [(best.BuyerId, Terms.Quantity, best.UnitPrice)]
            : [];

    /// <summary>One award per buyer, in the order of each buyer's first order, for all it ordered.</summary>
    private List<(Guid Buyer, decimal Quantity, decimal UnitPrice)> OrderWinners() =>
        Orders.GroupBy(o => o.BuyerId).Select(g => (g.Key, g.Sum(o => o.Quantity), Terms.StartPrice)).ToList();

    /// <summary>The centre publishes the provisional result; objections may be raised until the publicity ends.</summary>
    public ListingResultPublicised PublicizeResult(Actor centre, DateTimeOffset now)
    {
        RequireStatus("publicised", ListingStatus.ProvisionalDeal);
        return new ListingResultPublicised(Id, centre.UserId, now.AddDays(Terms.PublicityDays));
    }

    /// <summary>
    /// The publicity is over (a timed job): each award becomes a deal, with the winner's confirmed deposit credited to
    /// its price (<paramref name="depositsHeld"/>: what each winner's deposit holds), payable by the deadline.
    /// </summary>
    public (ListingConcluded Concluded, IReadOnlyList<DealConcluded> Deals) Conclude(
        IReadOnlyDictionary<Guid, decimal> depositsHeld, DateTimeOffset now)
    {
        RequireStatus("concluded", ListingStatus.Publicity);
        var due = PublicityEnds!.Value;
        if (now < due) throw new RuleViolationException(Rule.InvalidSchedule, $"The publicity of listing {Number} ends at {due}.");
        var deadline = due.AddDays(Terms.PaymentDays);
        var deals = Awards.Select(a => Deal.Conclude(a.Award, this, depositsHeld.GetValueOrDefault(a.Award.BuyerId), due, deadline)).ToArray();
        return (new ListingConcluded(Id, due, TimedTransitions.IsLate(due, now), deadline), deals);
    }

    public ListingSuspended Suspend(string reason)
    {
        RequireStatus("suspended", ListingStatus.Notice, ListingStatus.Trading, ListingStatus.ProvisionalDeal, ListingStatus.Publicity);
        return new ListingSuspended(Id, reason, Status);
    }

    /// <summary>Trading resumes where it stood; a close that passed while it was suspended needs a new one.</summary>
    public ListingResumed Resume(string reason, DateTimeOffset? newClose, DateTimeOffset now)
    {
        RequireStatus("resumed", ListingStatus.Suspended);
        var closesAt = newClose ?? ClosesAt;
        if (SuspendedFrom == ListingStatus.Trading && closesAt <= now)
            throw new RuleViolationException(Rule.InvalidSchedule,
                $"Trading on listing {Number} would close at {closesAt}, which has passed: resuming it needs a new close.");
        if (newClose is not null && SuspendedFrom is not (ListingStatus.Trading or ListingStatus.Notice))
            throw new RuleViolationException(Rule.InvalidSchedule, "Only a listing suspended before or during trading takes a new close.");
        if (newClose is { } close && (close <= now || close <= Terms.TradingStart))
            throw new RuleViolationException(Rule.InvalidSchedule,
                $"A new close of listing {Number} must lie after now ({now}) and after trading starts ({Terms.TradingStart}).");
        return new ListingResumed(Id, reason, SuspendedFrom!.Value, closesAt);
    }

    /// <summary>Withdrawn before trading began: any escrow goes back to the seller.</summary>
    public (ListingWithdrawn Withdrawn, IReadOnlyList<LotReservationReleased> Released) Withdraw(string reason, IReadOnlyDictionary<Guid, Lot> lots)
    {
        if (Effective is not (ListingStatus.Draft or ListingStatus.UnderReview or ListingStatus.Notice))
            throw new RuleViolationException(Rule.InvalidState,
                $"Listing {Number} is {Spelling.Of(Status)}; only one not yet trading can be withdrawn (terminate it instead).");
        return (new ListingWithdrawn(Id, reason, Escrow), Listings.Escrow.Release(ReservationId, Escrow, lots));
    }

    /// <summary>交易终止 before a deal: the escrow goes back to the seller and every deposit is to be refunded.</summary>
    public (ListingTerminated Terminated, IReadOnlyList<LotReservationReleased> Released) Terminate(string reason, IReadOnlyDictionary<Guid, Lot> lots)
    {
        if (Effective is not (ListingStatus.Trading or ListingStatus.ProvisionalDeal or ListingStatus.Publicity))
            throw new RuleViolationException(Rule.InvalidState,
                $"Listing {Number} is {Spelling.Of(Status)}; only one trading or awaiting its deal can be terminated.");
        return (new ListingTerminated(Id, reason, Escrow), Listings.Escrow.Release(ReservationId, Escrow, lots));
    }

    public ListingDealSettled RecordSettlement(Guid dealId, bool delivered)
    {
        if (Awards.FirstOrDefault(a => a.Award.DealId == dealId) is not { Delivered: null })
            throw new RuleViolationException(Rule.InvalidState, $"Listing {Number} has no unsettled deal {dealId}.");
        return new ListingDealSettled(Id, dealId, delivered);
    }

    /// <summary>Whether a buyer's deposit is still needed: while it may yet win, or it won a deal.</summary>
    public bool HoldsDepositOf(Guid buyerId) => Status switch
    {
        ListingStatus.NoDeal or ListingStatus.Withdrawn or ListingStatus.Terminated => false,
        ListingStatus.ProvisionalDeal or ListingStatus.Publicity or ListingStatus.Deal or ListingStatus.Delivered or ListingStatus.Defaulted =>
            Awards.Any(a => a.Award.BuyerId == buyerId),
        _ => true,
    };

    /// <summary>Whether the listing is open to the buyer at all: any registered buyer, or the ones it names.</summary>
    public bool IsOpenTo(Guid buyerId) => Terms.EligibleBuyers is not { } named || named.Contains(buyerId);

    private ListingStatus Effective => Status == ListingStatus.Suspended ? SuspendedFrom!.Value : Status;

    private void RequireOpenTo(Participant participant, TradingParameters parameters, decimal unitPrice, DateTimeOffset now, string what)
    {
        if (Status != ListingStatus.Trading)
            throw new RuleViolationException(Rule.ListingNotTrading, $"Listing {Number} is {Spelling.Of(Status)}, not trading.");
        if (now >= ClosesAt) throw new RuleViolationException(Rule.WindowClosed, $"Trading on listing {Number} closed at {ClosesAt}.");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        participant.Buyer.RequireMayTrade(today);
        if (!IsOpenTo(participant.Buyer.Id))
            throw new RuleViolationException(Rule.NotEligible, $"Listing {Number} is open to named buyers only.");
        if (Terms.Deposit > 0 && participant.Deposit is not { IsConfirmed: true })
            throw new RuleViolationException(Rule.DepositNotConfirmed,
                $"The deposit of {Terms.Deposit} yuan for listing {Number} has not been confirmed as received.");
        parameters.RequireInForceOn(today).RequireAtOrAboveFloor(Kind, Terms.Measure, unitPrice, today, what);
    }

    private void RequireMode(ListingMode mode, string action)
    {
        if (Terms.Mode != mode)
            throw new RuleViolationException(Rule.InvalidState, $"Listing {Number} is {Spelling.Of(Terms.Mode)} and cannot be {action}.");
    }

    private void RequireStatus(string action, params ListingStatus[] allowed)
    {
        if (!allowed.Contains(Status))
            throw new RuleViolationException(Rule.InvalidState, $"Listing {Number} is {Spelling.Of(Status)} and cannot be {action}.");
    }

    private void RequireSecondUser(Actor reviewer)
    {
        if (reviewer.UserId == DraftedBy)
            throw new RuleViolationException(Rule.FourEyesRequired, $"Listing {Number} must be reviewed by a centre user other than its drafter.");
    }
}

/// <summary>What the centre asks for in a listing; left-out terms come from the trading parameters.</summary>
public sealed record ListingRequest(
    QuotaKind Kind,
    PricedMeasure Measure,
    decimal Quantity,
    ListingMode Mode,
    decimal StartPrice,
    decimal? Increment,
    decimal? Cap,
    decimal? Reserve,
    decimal? Deposit,
    DateTimeOffset NoticeStart,
    DateTimeOffset TradingStart,
    DateTimeOffset TradingEnd,
    IReadOnlyList<Guid>? EligibleBuyers);

/// <summary>A buyer taking part in a listing, with its deposit for that listing (none yet: null).</summary>
public sealed record Participant(Buyer Buyer, Deposit? Deposit);
