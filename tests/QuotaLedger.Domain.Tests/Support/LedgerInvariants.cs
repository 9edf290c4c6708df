using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.StorageApplications;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Domain.Tests.Support;

/// <summary>The ledger invariants of domain.md §5, checked on a whole history after a command.</summary>
public static class LedgerInvariants
{
    private static readonly (string Name, Func<Measures, decimal> Of)[] EachMeasure =
        [("area", m => m.Area), ("grain capacity", m => m.GrainCapacity), ("paddy area", m => m.PaddyArea)];

    public static void Hold(History history, IReadOnlyList<IDomainEvent> step)
    {
        foreach (var lot in history.All<Lot>())
        {
            NoBucketIsNegative(lot);
            LotBalances(lot);
            BucketsMatchWhatTheyAreHeldFor(lot);
            TracesBackToItsApplication(history, lot);
        }
        foreach (var kind in Enum.GetValues<QuotaKind>()) IssuedEqualsHeldPlusSpent(history, kind);
        OpenCommitmentsAreExactlyWhatLotsHold(history);
        foreach (var deduction in step.OfType<DeductionImposed>()) CountyBearsItFirst(history, deduction);
        foreach (var link in step.OfType<QuotaLinked>()) OwnQuotaIsUsedFirst(history, link);
        TradingInvariants.Hold(history);
    }

    /// <summary>Inner Mongolia's holders: the region, its prefectures and counties (R2); buyers hold what they bought.</summary>
    public static bool IsInnerMongolian(Lot lot) => RegionCatalog.InnerMongolia.IsHolder(lot.Holder);

    private static void NoBucketIsNegative(Lot lot)
    {
        foreach (var (bucket, amount) in lot.Buckets)
            Assert.False(amount.AnyNegative, $"Lot {lot.Id} has a negative {bucket}: {amount}.");
    }

    private static void LotBalances(Lot lot) =>
        Assert.Equal(
            lot[Bucket.Issued] + lot[Bucket.Received],
            Spent(lot) + lot[Bucket.TransferredOut]);

    private static Measures Held(Lot lot) => lot.Available + lot[Bucket.Frozen] + lot[Bucket.Reserved];

    private static Measures Spent(Lot lot) => Held(lot) + lot[Bucket.Consumed] + lot[Bucket.Deducted] + lot[Bucket.Sold];

    /// <summary>Each bucket that quota is set aside in is exactly the sum of what it was set aside for.</summary>
    private static void BucketsMatchWhatTheyAreHeldFor(Lot lot) =>
        Assert.Equal(
            (lot[Bucket.Reserved], lot[Bucket.Frozen], lot[Bucket.Deducted], lot[Bucket.Consumed]),
            (Measures.Sum(lot.Reservations.Values), Measures.Sum(lot.Freezes.Values), Measures.Sum(lot.Deductions.Values),
                Measures.Sum(lot.WriteOffs.Values)));

    /// <summary>
    /// Per kind: what was issued (counted from the journal, not from the lots) is all still held or spent by Inner
    /// Mongolia's holders, what left their lots by transfer all arrived in other lots of theirs, and what they sold is
    /// exactly what the buyers' lots received.
    /// </summary>
    private static void IssuedEqualsHeldPlusSpent(History history, QuotaKind kind)
    {
        var issued = Measures.Sum(history.Journal.OfType<LotIssued>().Where(e => e.Kind == kind).Select(e => e.Amount))
                     - Measures.Sum(history.Journal.OfType<LotIssuanceReversed>().Where(e => e.Kind == kind).Select(e => e.Amount));
        var lots = history.All<Lot>().Where(l => l.Kind == kind && IsInnerMongolian(l)).ToList();
        var transferredOut = Measures.Sum(lots.Select(l => l[Bucket.TransferredOut]));
        var received = Measures.Sum(lots.Select(l => l[Bucket.Received]));
        var bought = Measures.Sum(history.All<Lot>().Where(l => l.Kind == kind && !IsInnerMongolian(l)).Select(l => l[Bucket.Received]));

        Assert.Equal(transferredOut, received);
        Assert.Equal(issued, Measures.Sum(lots.Select(Spent)) + transferredOut - received);
        Assert.Equal(Measures.Sum(lots.Select(l => l[Bucket.Sold])), bought);
    }

    /// <summary>
    /// Frozen or reserved quota is never spent: every pending transfer, live link, listing's escrow, agreement's deal
    /// awaiting payment, active freeze, imposed deduction and written-off link still finds its exact share on its lots,
    /// and lots set aside nothing for anything else.
    /// </summary>
    private static void OpenCommitmentsAreExactlyWhatLotsHold(History history)
    {
        var lots = history.All<Lot>();
        AssertSameShares(
            history.All<Transfer>().Where(t => t.Status == TransferStatus.Pending).SelectMany(t => Shares(t.Id, t.Shares))
                .Concat(history.All<QuotaLink>().Where(l => l.Status == LinkStatus.Linked).SelectMany(l => Shares(l.Id, l.Shares)))
                .Concat(history.All<Listing>().SelectMany(l => Shares(l.ReservationId, l.Escrow)))
                .Concat(history.All<Deal>().Where(d => d is { Source: DealSource.Agreement, Status: DealStatus.AwaitingPayment })
                    .SelectMany(d => Shares(d.EscrowId, d.Shares))),
            lots.SelectMany(l => l.Reservations.Select(r => (l.Id, r.Key, r.Value))), "reservations");
        AssertSameShares(
            history.All<Freeze>().Where(f => f.Status == FreezeStatus.Active).SelectMany(f => Shares(f.Id, f.Shares)),
            lots.SelectMany(l => l.Freezes.Select(r => (l.Id, r.Key, r.Value))), "freezes");
        AssertSameShares(
            history.All<Deduction>().Where(d => d.Status == DeductionStatus.Imposed)
                .SelectMany(d => d.Shares.Select(s => (s.LotId, d.Id, s.Amount))),
            lots.SelectMany(l => l.Deductions.Select(r => (l.Id, r.Key, r.Value))), "deductions");
        AssertSameShares(
            history.All<QuotaLink>().Where(l => l.Status == LinkStatus.WrittenOff).SelectMany(l => Shares(l.Id, l.Shares)),
            lots.SelectMany(l => l.WriteOffs.Select(r => (l.Id, r.Key, r.Value))), "write-offs");
    }

    private static IEnumerable<(Guid LotId, Guid For, Measures Amount)> Shares(Guid id, IEnumerable<LotShare> shares) =>
        shares.Select(s => (s.LotId, id, s.Amount));

    /// <summary>A listing's escrow may hold a lot twice (two deals' shares of it); the lot keeps one reservation for both.</summary>
    private static void AssertSameShares(IEnumerable<(Guid LotId, Guid For, Measures Amount)> expected,
        IEnumerable<(Guid LotId, Guid For, Measures Amount)> onLots, string what) =>
        Assert.True(
            expected.GroupBy(s => (s.LotId, s.For)).Select(g => (g.Key.LotId, g.Key.For, Amount: Measures.Sum(g.Select(s => s.Amount))))
                .OrderBy(s => s.LotId).ThenBy(s => s.For).SequenceEqual(onLots.OrderBy(s => s.LotId).ThenBy(s => s.For)),
            $"The {what} on lots differ from the open commitments that made them.");

    /// <summary>Every unit traces back to its storage application and project, through every transfer and split.</summary>
    private static void TracesBackToItsApplication(History history, Lot lot)
    {
        var application = history.Get<StorageApplication>(lot.Provenance.ApplicationId);
        Assert.Equal(application.ProjectId, lot.Provenance.ProjectId);
        Assert.Contains(application.Status, new[] { ApplicationStatus.Approved, ApplicationStatus.ApprovalReversed });
        if (lot.Provenance.ParentLotId is not { } parentId) return;

        var parent = history.Lot(parentId);
        if (lot.Provenance.DealId is { } dealId)
        {
            var deal = history.Get<Deal>(dealId);
            Assert.Equal(parent.Provenance with { ParentLotId = parent.Id, TransferId = null, DealId = deal.Id }, lot.Provenance);
            Assert.Equal((DealStatus.Delivered, lot.Holder, lot.Kind), (deal.Status, deal.Buyer, parent.Kind));
            Assert.Contains(new DeliveredShare(parent.Id, lot.Id, deal.Measure.Of(lot[Bucket.Received]), parent.Provenance.OriginCounty),
                deal.Deliveries);
            return;
        }
        var transfer = history.Get<Transfer>(lot.Provenance.TransferId!.Value);
        Assert.Equal(parent.Provenance with { ParentLotId = parent.Id, TransferId = transfer.Id }, lot.Provenance);
        Assert.Equal((TransferStatus.Approved, lot.Holder, lot.Kind), (transfer.Status, transfer.To, parent.Kind));
        Assert.Contains(new ReceivedShare(parent.Id, lot.Id, lot[Bucket.Received]), transfer.Received);
    }

    /// <summary>R8: the prefecture bears a measure only once the county has none of it left available.</summary>
    private static void CountyBearsItFirst(History history, DeductionImposed deduction)
    {
        var countyAvailable = Measures.Sum(history.LotsOf(deduction.County, deduction.Kind).Select(l => l.Available));
        var fromPrefecture = Measures.Sum(deduction.Shares.Where(s => s.Holder == deduction.Prefecture).Select(s => s.Amount));
        foreach (var (name, of) in EachMeasure)
            Assert.True(of(fromPrefecture) == 0 || of(countyAvailable) == 0,
                $"The prefecture bore {of(fromPrefecture)} of {name} while {deduction.County} still has {of(countyAvailable)}.");
        Assert.All(deduction.Shares, s => Assert.Equal((s.Holder, deduction.Kind), (history.Lot(s.LotId).Holder, history.Lot(s.LotId).Kind)));
    }

    /// <summary>R6: quota moved in is used for a measure only once the county's own quota has none of it left.</summary>
    private static void OwnQuotaIsUsedFirst(History history, QuotaLinked link)
    {
        var lots = history.LotsOf(link.County, link.Kind);
        var ownAvailable = Measures.Sum(lots.Where(l => l.Provenance.OriginCounty == link.County).Select(l => l.Available));
        var movedIn = Measures.Sum(link.Shares.Where(s => history.Lot(s.LotId).Provenance.OriginCounty != link.County).Select(s => s.Amount));
        foreach (var (name, of) in EachMeasure)
            Assert.True(of(movedIn) == 0 || of(ownAvailable) == 0,
                $"Link {link.LinkId} used {of(movedIn)} of {name} moved in while own quota still has {of(ownAvailable)}.");
    }
}
