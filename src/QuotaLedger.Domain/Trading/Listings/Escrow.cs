using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Trading.Listings;

/// <summary>
/// The lot shares a listing holds in escrow: reserved on the seller's lots under the listing's id, from publication
/// until they are sold to a buyer or released.
/// </summary>
public static class Escrow
{
    /// <summary>Takes <paramref name="amount"/> from the shares in their order; the rest stays in escrow.</summary>
    public static (IReadOnlyList<LotShare> Taken, IReadOnlyList<LotShare> Left) Take(IReadOnlyList<LotShare> shares, Measures amount)
    {
        var taken = new List<LotShare>();
        var rest = new List<LotShare>();
        var remaining = amount;
        foreach (var share in shares)
        {
            var take = Measures.Min(remaining, share.Amount);
            if (!take.IsZero) taken.Add(share with { Amount = take });
            if (share.Amount - take is { IsZero: false } left) rest.Add(share with { Amount = left });
            remaining -= take;
        }
        if (!remaining.IsZero)
            throw new InvalidOperationException($"The escrow holds {Measures.Sum(shares.Select(s => s.Amount))}, less than {amount}.");
        return (taken, rest);
    }

    public static IReadOnlyList<LotReservationReleased> Release(Guid listingId, IReadOnlyList<LotShare> shares, IReadOnlyDictionary<Guid, Lot> lots) =>
        shares.Select(s => lots[s.LotId].ReleasePart(listingId, s.Amount)).ToArray();
}
