using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Trading.Buyers;

public sealed record BuyerRegistered(Guid BuyerId, string ProvinceCode, string Name, string Contact, string RegisteredBy)
    : IEventOf<Buyer>;

/// <summary>The centre suspended the buyer from trading, until a day (exclusive) or until reinstated.</summary>
public sealed record BuyerSuspended(Guid BuyerId, string Reason, DateOnly? Until) : IEventOf<Buyer>;

/// <summary>
/// The buyer is barred from trading, until a day (exclusive) or until reinstated: by the centre, or by a default on
/// <paramref name="DealId"/>.
/// </summary>
public sealed record BuyerBarred(Guid BuyerId, string Reason, DateOnly? Until, Guid? DealId) : IEventOf<Buyer>;

public sealed record BuyerReinstated(Guid BuyerId, string Reason) : IEventOf<Buyer>;

public enum RestrictionKind
{
    Suspended,
    Barred,
}

/// <summary>Why and until when a buyer may not trade; <c>Until</c> is the first day it may again (null: until reinstated).</summary>
public sealed record BuyerRestriction(RestrictionKind Kind, string Reason, DateOnly? Until, Guid? DealId)
{
    public bool AppliesOn(DateOnly day) => Until is not { } until || day < until;
}

/// <summary>
/// A cross-province buyer: another province's land authority, or a platform company it names. Its users hold
/// <c>buyer</c> tokens whose organisation is the buyer's id, and it is the holder of the quota delivered to it.
/// </summary>
public sealed record Buyer(Guid Id, string ProvinceCode, string Name, string Contact, BuyerRestriction? Restriction)
    : IAggregate<Buyer>
{
    public static string StreamType => "buyer";

    /// <summary>The buyer's holder code in the ledger and its users' organisation.</summary>
    public string Holder => HolderOf(Id);

    public static string HolderOf(Guid buyerId) => buyerId.ToString();

    public IReadOnlyCollection<string> Parties => [Holder];

    public static Buyer? Evolve(Buyer? state, IDomainEvent @event) => @event switch
    {
        BuyerRegistered e => new Buyer(e.BuyerId, e.ProvinceCode, e.Name, e.Contact, null),
        BuyerSuspended e => state! with { Restriction = new(RestrictionKind.Suspended, e.Reason, e.Until, null) },
        BuyerBarred e => state! with { Restriction = new(RestrictionKind.Barred, e.Reason, e.Until, e.DealId) },
        BuyerReinstated => state! with { Restriction = null },
        _ => state,
    };

    public static BuyerRegistered Register(Guid id, string provinceCode, string name, string contact, ProvinceCatalog provinces, Actor centre)
    {
        if (!provinces.IsOtherProvince(provinceCode))
            throw new RuleViolationException(Rule.InvalidHolder,
                $"{provinceCode} is not the GB/T 2260 code of a province other than Inner Mongolia (150000); buyers come from other provinces.");
        return new BuyerRegistered(id, provinceCode, name, contact, centre.UserId);
    }

    public BuyerSuspended Suspend(string reason, DateOnly? until, DateOnly today)
    {
        RequireFuture(until, today);
        return new BuyerSuspended(Id, reason, until);
    }

    public BuyerBarred Bar(string reason, DateOnly? until, DateOnly today)
    {
        RequireFuture(until, today);
        return new BuyerBarred(Id, reason, until, null);
    }

    /// <summary>
    /// A default bars the buyer for the days the terms say, from the day it is recorded; a restriction that already lasts
    /// longer (or until reinstated) is kept as long.
    /// </summary>
    public BuyerBarred BarForDefault(Guid dealId, int days, DateOnly today)
    {
        DateOnly? until = today.AddDays(days);
        if (Restriction is { } current && current.AppliesOn(today) && (current.Until is null || current.Until > until)) until = current.Until;
        return new(Id, $"Defaulted on deal {dealId}: the price was not paid by the deadline.", until, dealId);
    }

    public BuyerReinstated Reinstate(string reason, DateOnly today) =>
        Restriction?.AppliesOn(today) == true
            ? new BuyerReinstated(Id, reason)
            : throw new RuleViolationException(Rule.InvalidState, $"Buyer {Id} is neither suspended nor barred.");

    /// <summary>A buyer trades (deposits, bids, orders, agreements) only while no suspension or bar applies.</summary>
    public void RequireMayTrade(DateOnly day)
    {
        if (Restriction is { } r && r.AppliesOn(day))
            throw new RuleViolationException(Rule.BuyerBarred,
                $"Buyer {Id} is {Spelling.Of(r.Kind)}{(r.Until is { } until ? $" until {until}" : "")}: {r.Reason}");
    }

    private static void RequireFuture(DateOnly? until, DateOnly today)
    {
        if (until is { } day && day <= today)
            throw new RuleViolationException(Rule.InvalidSchedule, $"A suspension or bar ends on a later day than today ({today}); {day} is not.");
    }
}
