using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Trading.Proceeds;

/// <summary>A county's part of a deal's proceeds: the quantity its lots delivered and the yuan attributed to it.</summary>
public sealed record CountyProceeds([RegionCode] string County, decimal Quantity, decimal Amount);

/// <summary>
/// P-2022 §二(三)2: the price of a deal is attributed to the counties whose lots were delivered, by each one's share of
/// the quantity sold, exactly: every county gets its share rounded down to the fen, and the fen left over go one each to
/// the largest remainders (of equal remainders, the lower county code first), so that the parts add up to the price.
/// </summary>
public static class ProceedsAttribution
{
    public static IReadOnlyList<CountyProceeds> Attribute(decimal price, IEnumerable<(string County, decimal Quantity)> delivered)
    {
        var byCounty = delivered.GroupBy(d => d.County).Select(g => (County: g.Key, Quantity: g.Sum(d => d.Quantity)))
            .OrderBy(c => c.County, StringComparer.Ordinal).ToArray();
        var total = byCounty.Sum(c => c.Quantity);
        if (byCounty.Length == 0 || total <= 0)
            throw new ArgumentException("Proceeds are attributed over a positive quantity delivered.", nameof(delivered));
        var fen = decimal.Round(price * 100m) == price * 100m
            ? (long)(price * 100m)
            : throw new ArgumentException($"A price is kept to the fen; {price} is not.", nameof(price));

        var shares = byCounty.Select(c =>
        {
            var exact = fen * c.Quantity / total;
            var whole = (long)decimal.Floor(exact);
            return (c.County, c.Quantity, Fen: whole, Remainder: exact - whole);
        }).ToArray();
        var left = fen - shares.Sum(s => s.Fen);
        var extra = shares.Select((s, i) => (s.Remainder, Index: i)).OrderByDescending(s => s.Remainder).ThenBy(s => s.Index)
            .Take((int)left).Select(s => s.Index).ToHashSet();
        return shares.Select((s, i) => new CountyProceeds(s.County, s.Quantity, (s.Fen + (extra.Contains(i) ? 1 : 0)) / 100m)).ToArray();
    }
}
