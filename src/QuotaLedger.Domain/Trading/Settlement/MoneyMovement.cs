using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;

namespace QuotaLedger.Domain.Trading.Settlement;

/// <summary>The accounts of trading's money ledger; yuan, never quota.</summary>
public enum MoneyAccount
{
    /// <summary>The buyers' side: what they paid in (negative) and were refunded.</summary>
    Buyers,

    /// <summary>Deposits the centre holds while their listings need them.</summary>
    DepositsHeld,

    /// <summary>Money received towards deals (deposits credited, payments), until the deal is delivered or defaulted.</summary>
    DealsReceivable,

    /// <summary>Deposits kept from buyers who defaulted.</summary>
    DepositsForfeited,

    /// <summary>Proceeds of delivered deals, attributed to the counties whose lots were delivered.</summary>
    CountyProceeds,
}

/// <summary>
/// One movement of money between two accounts, as one event of a deposit or a deal records it. The money ledger is
/// double-entry: every movement takes from one account what it gives to another, so its accounts always add up to zero.
/// </summary>
public sealed record MoneyMovement(
    MoneyAccount From, MoneyAccount To, decimal Amount, Guid BuyerId, Guid? ListingId, Guid? DealId, string? County, string? BankReference)
{
    public static IReadOnlyList<MoneyMovement> Of(IDomainEvent @event) => @event switch
    {
        DepositReceived e => [new(MoneyAccount.Buyers, MoneyAccount.DepositsHeld, e.Amount, e.BuyerId, e.ListingId, null, null, null)],
        DepositCredited e => [new(MoneyAccount.DepositsHeld, MoneyAccount.DealsReceivable, e.Amount, e.BuyerId, e.ListingId, e.DealId, null, null)],
        DepositRefunded e => [new(MoneyAccount.DepositsHeld, MoneyAccount.Buyers, e.Amount, e.BuyerId, e.ListingId, null, null, e.BankReference)],
        DepositForfeited e =>
            [new(MoneyAccount.DealsReceivable, MoneyAccount.DepositsForfeited, e.Amount, e.BuyerId, e.ListingId, e.DealId, null, null)],
        DealPaymentConfirmed e =>
            [new(MoneyAccount.Buyers, MoneyAccount.DealsReceivable, e.Amount, e.BuyerId, null, e.DealId, null, e.BankReference)],
        DealDelivered e => e.Proceeds.Where(p => p.Amount != 0)
            .Select(p => new MoneyMovement(MoneyAccount.DealsReceivable, MoneyAccount.CountyProceeds, p.Amount, e.BuyerId, null, e.DealId, p.County, null))
            .ToArray(),
        _ => [],
    };
}
