using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Ledger.Lots;

/// <summary>How much of a request one lot covers.</summary>
public sealed record LotShare(Guid LotId, Measures Amount);

public static class Allocation
{
    /// <summary>
    /// R6, balance first at home: quota created in the holder's own county comes first, then quota moved in; the
    /// order among each is kept (callers pass lots oldest first).
    /// </summary>
    public static IEnumerable<Lot> OwnQuotaFirst(IEnumerable<Lot> lots, string holder) =>
        lots.OrderBy(l => l.Provenance.OriginCounty == holder ? 0 : 1);

    /// <summary>
    /// Covers <paramref name="needed"/> from the lots in the order given, measure by measure (R1: the measures are
    /// independent), taking from each lot at most what it has available.
    /// </summary>
    public static IReadOnlyList<LotShare> Allocate(IEnumerable<Lot> lotsInPriorityOrder, Measures needed, string holder)
    {
        if (needed.AnyNegative || needed.IsZero)
            throw new RuleViolationException(Rule.InvalidAmount, "The amount must be positive in at least one measure and negative in none.");
        var shares = new List<LotShare>();
        var remaining = needed;
        foreach (var lot in lotsInPriorityOrder)
        {
            if (remaining.IsZero) break;
            var take = Measures.Min(remaining, lot.Available);
            if (take.IsZero || take.AnyNegative) continue;
            shares.Add(new LotShare(lot.Id, take));
            remaining -= take;
        }
        if (!remaining.IsZero)
            throw new RuleViolationException(Rule.InsufficientQuota,
                $"{holder} lacks {remaining} of available quota. Frozen and reserved quota cannot be used.");
        return shares;
    }
}
