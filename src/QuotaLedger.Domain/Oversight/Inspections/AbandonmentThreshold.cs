using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Domain.Oversight.Inspections;

/// <summary>What one county of a region reaching the threshold has to freeze: its confirmed abandonment not yet frozen for.</summary>
public sealed record CountyAbandonment(string County, IReadOnlyList<FieldResult> Results)
{
    public Measures Abandoned => Measures.Sum(Results.Select(r => r.Confirmed));

    public IEnumerable<Guid> ProjectIds => Results.Select(r => r.ProjectId);
}

/// <summary>A region of the campaign whose confirmed abandoned area reached the threshold of its total quota area.</summary>
public sealed record ThresholdCheck(string RegionCode, RegionLevel Level, decimal AbandonedArea, decimal TotalArea, IReadOnlyList<CountyAbandonment> ToFreeze);

public static class AbandonmentThreshold
{
    /// <summary>
    /// R5: abandonment reaches the threshold when it is at least <paramref name="percent"/>% of the total, compared exactly
    /// (abandoned × 100 ≥ percent × total, no division, no rounding): exactly 10% freezes, anything below does not. No
    /// abandonment never reaches it, whatever the total.
    /// </summary>
    public static bool Reached(decimal abandonedArea, decimal totalArea, decimal percent) =>
        abandonedArea > 0 && abandonedArea * 100 >= percent * totalArea;
}

public sealed partial record InspectionCampaign
{
    /// <summary>
    /// The regions whose R5 decision is due now: each county, then each prefecture, with confirmed abandonment and no
    /// decision of this campaign yet, whose confirmed abandoned area reaches <paramref name="percent"/>% of its total
    /// replenishment quota area. <paramref name="issuedArea"/> gives each county's total (the area issued to it net of
    /// reversals); a prefecture's is the sum over its counties, so it must name every county of the prefectures concerned
    /// (a county missing has none). Each county's abandonment is frozen for once: what a decision covered, a later one
    /// (its prefecture's, or the county's own after its prefecture's) does not freeze again.
    /// </summary>
    public IReadOnlyList<ThresholdCheck> ThresholdChecks(IReadOnlyDictionary<string, decimal> issuedArea, decimal percent, RegionCatalog regions)
    {
        var abandoned = ConfirmedAbandonment.ToArray();
        var covered = Decisions.SelectMany(d => d.ProjectIds).ToHashSet();
        var checks = new List<ThresholdCheck>();

        void Check(string region, RegionLevel level, Func<FieldResult, bool> inRegion, decimal total)
        {
            if (DecisionFor(region) is not null) return;
            var results = abandoned.Where(inRegion).ToArray();
            var area = results.Sum(r => r.Confirmed.Area);
            if (!AbandonmentThreshold.Reached(area, total, percent)) return;
            var toFreeze = results.Where(r => !covered.Contains(r.ProjectId)).GroupBy(r => r.County).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new CountyAbandonment(g.Key, g.OrderBy(r => r.ProjectId).ToArray()))
                .ToArray();
            covered.UnionWith(toFreeze.SelectMany(c => c.ProjectIds));
            checks.Add(new ThresholdCheck(region, level, area, total, toFreeze));
        }

        foreach (var county in abandoned.Select(r => r.County).Distinct().Order(StringComparer.Ordinal))
            Check(county, RegionLevel.County, r => r.County == county, issuedArea.GetValueOrDefault(county));
        foreach (var prefecture in abandoned.Select(r => regions.PrefectureOf(r.County)!).Distinct().Order(StringComparer.Ordinal))
            Check(prefecture, RegionLevel.Prefecture, r => regions.PrefectureOf(r.County) == prefecture,
                issuedArea.Where(c => regions.PrefectureOf(c.Key) == prefecture).Sum(c => c.Value));
        return checks;
    }

    /// <summary>
    /// R5 for one region, automatically and once: each county's confirmed abandoned measures are frozen on its available
    /// replenishment lots (<see cref="MatchingShares"/>); what is not available is recorded as the shortfall. The region's storage applications are suspended unless they already
    /// are. The freezes and the suspension cite the campaign.
    /// </summary>
    /// <param name="lotsOldestFirst">The available replenishment lots of the counties to freeze, locked, oldest first.</param>
    public (AbandonmentThresholdReached Reached, IReadOnlyList<FreezeImposed> Freezes, IReadOnlyList<LotQuotaFrozen> Frozen, StorageApplicationsSuspended? Suspended)
        ReachThreshold(ThresholdCheck check, IReadOnlyList<Lot> lotsOldestFirst, StorageSuspension? suspension, PolicyParameterSet regime,
            Func<Guid> newFreezeId, DateOnly today)
    {
        if (DecisionFor(check.RegionCode) is not null)
            throw new RuleViolationException(Rule.InvalidState, $"R5 was already decided for {check.RegionCode} in campaign {Id}.");
        var cites = Citation.Of<InspectionCampaign>(Id);
        var reason = $"R5: confirmed abandonment of {check.RegionCode} is {check.AbandonedArea} mu of {check.TotalArea} mu of replenishment quota, "
                     + $"at least {regime.AbandonmentFreezePercent}% ({regime.Id}); inspection campaign '{Title}'";
        var freezes = new List<FreezeImposed>();
        var frozen = new List<LotQuotaFrozen>();
        var shares = new List<ThresholdFreeze>();
        foreach (var county in check.ToFreeze)
        {
            var lots = lotsOldestFirst.Where(l => l.Holder == county.County && l.Kind == QuotaKind.Replenishment).ToArray();
            var matching = MatchingShares(county, lots);
            var cover = Measures.Sum(matching.Select(s => s.Amount));
            if (matching.Count == 0)
            {
                shares.Add(new ThresholdFreeze(county.County, null, county.Abandoned, Measures.Zero, county.Abandoned));
                continue;
            }
            var freezeId = newFreezeId();
            var (imposed, lotEvents) = Freeze.ImposeShares(freezeId, county.County, QuotaKind.Replenishment, lots.ToDictionary(l => l.Id),
                matching, reason, cites);
            freezes.Add(imposed);
            frozen.AddRange(lotEvents);
            shares.Add(new ThresholdFreeze(county.County, freezeId, county.Abandoned, cover, county.Abandoned - cover));
        }
        var suspended = suspension is { Suspended: true }
            ? null
            : StorageSuspension.Suspend(suspension, check.RegionCode, reason, cites);
        var reached = new AbandonmentThresholdReached(Id, check.RegionCode, check.Level, check.AbandonedArea, check.TotalArea,
            regime.AbandonmentFreezePercent, regime.Id, shares, suspended is not null, check.ToFreeze.SelectMany(c => c.ProjectIds).ToArray(), today);
        return (reached, freezes, frozen, suspended);
    }

    /// <summary>
    /// The quota matching a county's confirmed abandonment, measure by measure: each abandoned project's measures from the
    /// county's lots of that project first (the quota its farmland created), then what they lack from the county's other
    /// lots, oldest first; at most what each lot has available, so less than the abandonment when the county lacks it.
    /// </summary>
    private static IReadOnlyList<LotShare> MatchingShares(CountyAbandonment county, IReadOnlyList<Lot> lotsOldestFirst)
    {
        var left = lotsOldestFirst.ToDictionary(l => l.Id, l => l.Available);
        var taken = new Dictionary<Guid, Measures>();
        var order = new List<Guid>();

        Measures Take(IEnumerable<Lot> lots, Measures wanted)
        {
            foreach (var lot in lots)
            {
                var take = Measures.Min(wanted, left[lot.Id]);
                if (take.IsZero || take.AnyNegative) continue;
                if (!taken.ContainsKey(lot.Id)) order.Add(lot.Id);
                taken[lot.Id] = taken.GetValueOrDefault(lot.Id) + take;
                left[lot.Id] -= take;
                wanted -= take;
            }
            return wanted;
        }

        var lacking = county.Results.Aggregate(Measures.Zero,
            (sum, result) => sum + Take(lotsOldestFirst.Where(l => l.Provenance.ProjectId == result.ProjectId), result.Confirmed));
        Take(lotsOldestFirst, lacking);
        return order.Select(id => new LotShare(id, taken[id])).ToArray();
    }

    /// <summary>
    /// The centre's re-check confirmed the region's rectification: the freezes of its decision that are still in force are
    /// lifted, citing the re-check. Once per region. The region's storage applications resume, citing the re-check, when
    /// they are suspended by a campaign's decision (one by hand is lifted by hand) and no campaign's decision for the
    /// region is left unrectified: this one is rectified now, so <paramref name="heldBy"/>, the other campaigns with an
    /// unrectified decision there, must be empty. Otherwise they stay suspended and the rectification names who holds them.
    /// </summary>
    /// <param name="freezes">The decision's freezes, as they stand.</param>
    /// <param name="lots">The lots those freezes hold, locked.</param>
    /// <param name="suspension">The region's suspension, locked.</param>
    /// <param name="heldBy">The other campaigns whose decision for the region has no re-check yet, read under the suspension's lock.</param>
    public (RegionRectified Rectified, IReadOnlyList<FreezeLifted> Lifted, IReadOnlyList<LotQuotaUnfrozen> Unfrozen, StorageApplicationsResumed? Resumed)
        ConfirmRectification(string regionCode, Guid recheckId, IReadOnlyDictionary<Guid, Freeze> freezes, IReadOnlyDictionary<Guid, Lot> lots,
            StorageSuspension? suspension, IReadOnlyCollection<Guid> heldBy, string reason)
    {
        var decision = DecisionFor(regionCode)
                       ?? throw new RuleViolationException(Rule.InvalidState,
                           $"Campaign {Id} froze nothing and suspended nothing for {regionCode}: R5 was not reached there.");
        if (decision.RecheckId is { } earlier)
            throw new RuleViolationException(Rule.InvalidState, $"The rectification of {regionCode} was confirmed already (re-check {earlier}).");
        var cites = Citation.Of<RectificationRecheck>(recheckId);
        var lifted = new List<FreezeLifted>();
        var unfrozen = new List<LotQuotaUnfrozen>();
        foreach (var freezeId in decision.Freezes.Select(f => f.FreezeId).OfType<Guid>())
        {
            // A freeze the centre lifted by hand meanwhile stays as it is.
            if (freezes[freezeId].Status != FreezeStatus.Active) continue;
            var (l, u) = freezes[freezeId].Lift(lots, reason, cites);
            lifted.Add(l);
            unfrozen.AddRange(u);
        }
        var others = heldBy.Where(id => id != Id).Distinct().Order().ToArray();
        var byCampaign = suspension is { Suspended: true, Cites.StreamType: var type } && type == StreamType;
        var resumed = byCampaign && others.Length == 0
            ? StorageSuspension.Resume(suspension, regionCode, reason, cites)
            : null;
        return (new RegionRectified(Id, regionCode, recheckId, byCampaign && others.Length > 0 ? others : null), lifted, unfrozen, resumed);
    }
}
