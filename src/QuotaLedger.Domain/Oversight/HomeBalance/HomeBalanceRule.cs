using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Oversight.HomeBalance;

/// <summary>
/// Where the quota a county consumed came from, in the order R6 ranks them (以旗县域自行平衡为主、盟市域内调剂为辅、
/// 自治区适度统筹为补充, F-2023 §十一), with what it did not foresee: quota from another prefecture.
/// </summary>
public enum HomeBalanceSource
{
    /// <summary>Created by the county's own projects: the lot's origin county is the county.</summary>
    OwnCounty,
    /// <summary>Came through the region's pool (统筹): one of the lots it was split from was held by the region 150000.</summary>
    RegionPool,
    /// <summary>Created in another county of the same prefecture, or passed through the prefecture's own holding (调剂).</summary>
    OwnPrefecture,
    /// <summary>Came from a county or prefecture of another prefecture, not through the region's pool.</summary>
    OtherPrefecture,
}

/// <summary>
/// A lot a county consumed from, as the ledger traced it: the county whose project created it, the holders of the lots
/// it was split from on its way (its own holder included), and the amount consumed from it, net of reversed write-offs.
/// </summary>
public sealed record ConsumedLot(string OriginCounty, IReadOnlyCollection<string> RouteHolders, Measures Consumed);

/// <summary>A county's consumption in a period, by where it was met from (R6).</summary>
public sealed record HomeBalanceTotals(Measures Own, Measures Prefecture, Measures Region, Measures OtherPrefectures)
{
    public static readonly HomeBalanceTotals Zero = new(Measures.Zero, Measures.Zero, Measures.Zero, Measures.Zero);

    /// <summary>Everything consumed: the four sources together.</summary>
    public Measures Consumed => Own + Prefecture + Region + OtherPrefectures;

    public HomeBalanceTotals Add(HomeBalanceSource source, Measures amount) => source switch
    {
        HomeBalanceSource.OwnCounty => this with { Own = Own + amount },
        HomeBalanceSource.OwnPrefecture => this with { Prefecture = Prefecture + amount },
        HomeBalanceSource.RegionPool => this with { Region = Region + amount },
        HomeBalanceSource.OtherPrefecture => this with { OtherPrefectures = OtherPrefectures + amount },
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static HomeBalanceTotals operator +(HomeBalanceTotals a, HomeBalanceTotals b) =>
        new(a.Own + b.Own, a.Prefecture + b.Prefecture, a.Region + b.Region, a.OtherPrefectures + b.OtherPrefectures);
}

public static class HomeBalanceRule
{
    /// <summary>
    /// Where a lot the county consumed from came from. The first that holds: the county's own project created it; it
    /// came through the region's pool (统筹 is the region's, whoever created the quota); it was created in the county's
    /// prefecture or passed through the prefecture's own holding; else another prefecture's.
    /// </summary>
    public static HomeBalanceSource SourceOf(string county, ConsumedLot lot, RegionCatalog regions)
    {
        if (lot.OriginCounty == county) return HomeBalanceSource.OwnCounty;
        if (lot.RouteHolders.Contains(RegionCatalog.RegionCode)) return HomeBalanceSource.RegionPool;
        var home = regions.PrefectureOf(county);
        return home is not null && (regions.PrefectureOf(lot.OriginCounty) == home || lot.RouteHolders.Contains(home))
            ? HomeBalanceSource.OwnPrefecture
            : HomeBalanceSource.OtherPrefecture;
    }

    /// <summary>The county's consumption, lot by lot, added up by source.</summary>
    public static HomeBalanceTotals Tally(string county, IEnumerable<ConsumedLot> consumed, RegionCatalog regions) =>
        consumed.Aggregate(HomeBalanceTotals.Zero, (totals, lot) => totals.Add(SourceOf(county, lot, regions), lot.Consumed));
}
