using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Domain.Trading.Deposits;

/// <summary>The buyer says it paid the listing's deposit, with the bank reference of its transfer.</summary>
public sealed record DepositDeclared(Guid DepositId, Guid ListingId, Guid BuyerId, decimal Amount, string BankReference) : IEventOf<Deposit>;

/// <summary>The centre confirmed the deposit arrived: the buyer may bid or order from now on.</summary>
public sealed record DepositReceived(Guid DepositId, Guid ListingId, Guid BuyerId, decimal Amount, string ConfirmedBy) : IEventOf<Deposit>;

/// <summary>The winner's deposit counts towards the price of its deal.</summary>
public sealed record DepositCredited(Guid DepositId, Guid ListingId, Guid BuyerId, Guid DealId, decimal Amount) : IEventOf<Deposit>;

public sealed record DepositRefunded(Guid DepositId, Guid ListingId, Guid BuyerId, decimal Amount, string BankReference, string RefundedBy)
    : IEventOf<Deposit>;

/// <summary>The winner defaulted: the deposit credited to the deal is kept.</summary>
public sealed record DepositForfeited(Guid DepositId, Guid ListingId, Guid BuyerId, Guid DealId, decimal Amount) : IEventOf<Deposit>;

public enum DepositStatus
{
    Declared,
    Received,
    Credited,
    Refunded,
    Forfeited,
}

/// <summary>
/// A buyer's deposit for one listing (one stream per listing and buyer): declared by the buyer, confirmed by the centre,
/// then credited to the winner's price, refunded, or forfeited on a default. Money is a ledger of its own: these amounts
/// are yuan, never quota.
/// </summary>
/// <param name="Held">What the centre holds of it: received, less what was credited, refunded or forfeited.</param>
public sealed record Deposit(
    Guid Id, Guid ListingId, Guid BuyerId, decimal Amount, string BankReference, DepositStatus Status, decimal Held, decimal Credited,
    Guid? DealId) : IAggregate<Deposit>
{
    public static string StreamType => "deposit";

    public static Guid IdFor(Guid listingId, Guid buyerId) => StreamIds.Derived("deposit", $"{listingId}:{buyerId}");

    public IReadOnlyCollection<string> Parties => [Buyer.HolderOf(BuyerId)];

    public bool IsConfirmed => Status is DepositStatus.Received or DepositStatus.Credited;

    public static Deposit? Evolve(Deposit? state, IDomainEvent @event) => @event switch
    {
        DepositDeclared e => new Deposit(e.DepositId, e.ListingId, e.BuyerId, e.Amount, e.BankReference, DepositStatus.Declared, 0, 0, null),
        DepositReceived e => state! with { Status = DepositStatus.Received, Held = e.Amount },
        DepositCredited e => state! with { Status = DepositStatus.Credited, Held = state.Held - e.Amount, Credited = e.Amount, DealId = e.DealId },
        DepositRefunded e => state! with { Status = state.Status == DepositStatus.Credited ? state.Status : DepositStatus.Refunded, Held = state.Held - e.Amount },
        DepositForfeited e => state! with { Status = DepositStatus.Forfeited, Credited = 0 },
        _ => state,
    };

    /// <summary>A buyer declares the listing's deposit, once, while the listing is announced or trading.</summary>
    public static DepositDeclared Declare(Listing listing, Buyer buyer, string bankReference, DateOnly today)
    {
        buyer.RequireMayTrade(today);
        if (listing.Status is not (ListingStatus.Notice or ListingStatus.Trading))
            throw new RuleViolationException(Rule.ListingNotTrading, $"Listing {listing.Number} is {Spelling.Of(listing.Status)}: deposits are paid while it is announced or trading.");
        if (!listing.IsOpenTo(buyer.Id))
            throw new RuleViolationException(Rule.NotEligible, $"Listing {listing.Number} is open to named buyers only.");
        if (listing.Terms.Deposit == 0)
            throw new RuleViolationException(Rule.InvalidState, $"Listing {listing.Number} asks for no deposit.");
        return new DepositDeclared(IdFor(listing.Id, buyer.Id), listing.Id, buyer.Id, listing.Terms.Deposit, bankReference);
    }

    public DepositReceived ConfirmReceived(Actor centre)
    {
        if (Status != DepositStatus.Declared)
            throw new RuleViolationException(Rule.InvalidState, $"Deposit {Id} is {Spelling.Of(Status)}; only a declared one is confirmed.");
        return new DepositReceived(Id, ListingId, BuyerId, Amount, centre.UserId);
    }

    /// <summary>At a deal's conclusion the deposit counts towards its price, up to the price; any rest stays to be refunded.</summary>
    public DepositCredited? CreditTo(Guid dealId, decimal price) =>
        Status == DepositStatus.Received && Held > 0 ? new DepositCredited(Id, ListingId, BuyerId, dealId, Math.Min(Held, price)) : null;

    /// <summary>
    /// The centre refunds what it holds once the listing no longer needs it: the buyer did not win, the listing ended
    /// without a deal, or the winner's deposit exceeded its price.
    /// </summary>
    public DepositRefunded Refund(Listing listing, string bankReference, Actor centre)
    {
        if (Held == 0)
            throw new RuleViolationException(Rule.InvalidState, $"Deposit {Id} is {Spelling.Of(Status)} and holds nothing to refund.");
        if (Status == DepositStatus.Received && listing.HoldsDepositOf(BuyerId))
            throw new RuleViolationException(Rule.InvalidState,
                $"Listing {listing.Number} is {Spelling.Of(listing.Status)}: the deposit is held while the buyer may still win, and credited if it does.");
        return new DepositRefunded(Id, ListingId, BuyerId, Held, bankReference, centre.UserId);
    }

    public DepositForfeited? Forfeit(Guid dealId) =>
        Status == DepositStatus.Credited && DealId == dealId ? new DepositForfeited(Id, ListingId, BuyerId, dealId, Credited) : null;
}
