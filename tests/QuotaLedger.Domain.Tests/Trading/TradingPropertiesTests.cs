using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Tests.Ledger;
using QuotaLedger.Domain.Tests.Support;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Agreements;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;
using QuotaLedger.Domain.Trading.Parameters;
using static QuotaLedger.Domain.Tests.Support.Examples;

namespace QuotaLedger.Domain.Tests.Trading;

/// <summary>
/// Random sequences of trading operations (listings published, ordered, bid on, closed, concluded, paid, defaulted,
/// withdrawn, terminated; agreements approved and paid), mixed with ledger operations on the same lots, run through the
/// deciders the way the handlers combine them. After every accepted step the ledger invariants and the escrow's
/// (<see cref="TradingInvariants"/>) must hold.
/// </summary>
public class TradingPropertiesTests
{
    [Property(MaxTest = 150, EndSize = 80, Arbitrary = [typeof(Sessions)])]
    public void Every_accepted_trading_step_keeps_the_ledger_and_the_escrow_balanced(Step[] steps) => Run(steps);

    /// <summary>
    /// Guards the property against passing vacuously: with a fixed seed the generated sequences reach every trading
    /// event that moves quota or money, and neither almost all nor almost none of the steps are refused.
    /// </summary>
    [Fact]
    public void The_generated_steps_exercise_every_decision_of_trading()
    {
        var markets = Steps.Sample(100, new Rnd(20250303), 200).Select(Run).ToList();
        var decided = markets.SelectMany(m => m.Ledger.History.Journal).Select(e => e.GetType()).ToHashSet();

        Assert.Empty(new[]
        {
            typeof(ListingPublished), typeof(ListingTradingOpened), typeof(ListingOrderPlaced), typeof(ListingBidPlaced), typeof(ListingClosed),
            typeof(ListingProvisionallyAwarded), typeof(ListingNotSold), typeof(ListingResultPublicised), typeof(ListingConcluded),
            typeof(ListingSuspended), typeof(ListingResumed), typeof(ListingWithdrawn), typeof(ListingTerminated), typeof(ListingDealSettled),
            typeof(DepositReceived), typeof(DepositCredited), typeof(DepositForfeited), typeof(DealConcluded), typeof(DealPaymentConfirmed),
            typeof(DealPaid), typeof(DealDelivered), typeof(DealDefaulted), typeof(AgreementApproved), typeof(BuyerBarred),
            typeof(LotQuotaReserved), typeof(LotQuotaSold), typeof(LotReservationReleased), typeof(LotReceived), typeof(LotQuotaFrozen),
        }.Where(t => !decided.Contains(t)).Select(t => t.Name));
        Assert.Contains(markets.SelectMany(m => m.Ledger.History.Journal).OfType<ListingClosed>(), c => c.Reason == ClosingReason.CapReached);
        Assert.Contains(markets.SelectMany(m => m.Ledger.History.Journal).OfType<ListingClosed>(), c => c.Reason == ClosingReason.SoldOut);
        Assert.Contains(markets.SelectMany(m => m.Ledger.History.All<Listing>()), l => l.Status == ListingStatus.Delivered);
        var steps = markets.Sum(m => m.Ledger.Accepted + m.Ledger.Refused);
        Assert.InRange(markets.Sum(m => m.Ledger.Refused) / (double)steps, 0.05, 0.7);
    }

    private static Market Run(Step[] steps)
    {
        var market = new Market();
        market.Open();
        foreach (var step in steps) step.Run(market);
        return market;
    }

    private static readonly string[] Sellers = [RegionAccount, Xincheng, Huimin];
    private static readonly string[] Provinces = ["440000", "330000", "320000"];
    private static readonly Guid[] Buyers = Provinces.Select(p => Id($"buyer {p}")).ToArray();

    /// <summary>Short periods, so that a sequence of a few dozen steps sees listings through to their deals and defaults.</summary>
    private static readonly TradingTerms Terms = new(DepositPercent: 5, IncrementPercent: 2, CapPercent: 120, NoticeDays: 1, PublicityDays: 1,
        PaymentDays: 2, ExtensionMinutes: 10, DefaultBarDays: 1);

    private static readonly FloorPrice[] Floors =
    [
        new(QuotaKind.Replenishment, PricedMeasure.Area, 300_000m), new(QuotaKind.Replenishment, PricedMeasure.Grain, 10m),
        new(QuotaKind.Replenishment, PricedMeasure.Paddy, 400_000m), new(QuotaKind.LinkageSurplus, PricedMeasure.Area, 300_000m),
    ];

    /// <summary>The ledger, a clock the steps move on, and the handlers' ways of combining decisions into one step.</summary>
    public sealed class Market
    {
        public LedgerModel Ledger { get; } = new();

        public DateTimeOffset Now { get; set; } = TradingExamples.Now;

        public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

        public int Numbered { get; set; }

        public bool Do(Func<History, object> decide) => Ledger.Execute(decide);

        /// <summary>Parameters, three buyers, and lots of the three sellers: the region's came from Donghe by transfer.</summary>
        public void Open()
        {
            Do(_ => TradingParameters.Set(Floors, Terms, Today, Today, "prices"));
            foreach (var (buyer, province) in Buyers.Zip(Provinces))
                Do(_ => Buyer.Register(buyer, province, $"{province} land authority", "contact", ProvinceCatalog.Mainland, Alice));
            foreach (var (county, kind, amount) in new[]
                     {
                         (0, QuotaKind.Replenishment, Quota(150, 60_000, 60)), (0, QuotaKind.LinkageSurplus, Area(80)),
                         (1, QuotaKind.Replenishment, Quota(120, 48_000, 50)), (2, QuotaKind.Replenishment, Quota(200, 80_000, 80)),
                         (2, QuotaKind.LinkageSurplus, Area(120)), (0, QuotaKind.Replenishment, Quota(60, 24_000, 20)),
                         (1, QuotaKind.LinkageSurplus, Area(60)),
                     })
                new LedgerPropertiesTests.IssueLot(county, kind, amount).Run(Ledger);
            foreach (var kind in new[] { QuotaKind.Replenishment, QuotaKind.LinkageSurplus })
            {
                var lot = Ledger.History.LotsOf(Donghe, kind).Single();
                new LedgerPropertiesTests.ProposeTransfer(4, 0, kind, lot.Available, 0).Run(Ledger);
                new LedgerPropertiesTests.DecideTransfer(0, 0, 1).Run(Ledger);
            }
        }

        public Listing? PickListing(int n, Func<Listing, bool>? where = null) => Ledger.Pick(n, where);

        public static Participant As(History h, Guid listingId, Guid buyer) =>
            new(h.Get<Buyer>(buyer), h.Find<Deposit>(Deposit.IdFor(listingId, buyer)));

        /// <summary>A close names the escrow it gave back; the handler releases it on the lots in the same step.</summary>
        public static object WithReleases(History h, IReadOnlyList<IEventOf<Listing>> decided) =>
            new object[]
            {
                decided,
                decided.OfType<ListingProvisionallyAwarded>().Select(a => Escrow.Release(a.ListingId, a.Released, h.Lots)).ToArray(),
                decided.OfType<ListingNotSold>().Select(n => Escrow.Release(n.ListingId, n.Released, h.Lots)).ToArray(),
            };

        /// <summary>
    /// The hosted jobs: whatever fell due by now opens, closes, concludes or defaults, each in its own step; and the
    /// centre publicises each provisional result it finds (the step <see cref="Publicise"/> may have done it sooner).
    /// </summary>
        public void RunDueJobs()
        {
            foreach (var listing in Ledger.History.All<Listing>().ToList())
            {
                var id = listing.Id;
                if (listing.Status == ListingStatus.Notice && listing.Terms.TradingStart <= Now) Do(h => h.Get<Listing>(id).OpenTrading(Now));
                if (Ledger.History.Get<Listing>(id) is { Status: ListingStatus.Trading } trading && trading.ClosesAt <= Now)
                    Do(h => WithReleases(h, h.Get<Listing>(id).CloseTrading(Now, Guid.NewGuid)));
                if (Ledger.History.Get<Listing>(id) is { Status: ListingStatus.ProvisionalDeal }) Do(h => h.Get<Listing>(id).PublicizeResult(Alice, Now));
                if (Ledger.History.Get<Listing>(id) is { Status: ListingStatus.Publicity } publicised && publicised.PublicityEnds <= Now)
                    Do(h => Conclude(h, h.Get<Listing>(id), Now));
            }
            foreach (var deal in Ledger.History.All<Deal>().Where(d => d.Status == DealStatus.AwaitingPayment && d.NextDeadline <= Now).ToList())
                Do(h => Default(h, h.Get<Deal>(deal.Id), Now));
        }

        private static object Conclude(History h, Listing listing, DateTimeOffset now)
        {
            Deposit? DepositOf(Guid buyer) => h.Find<Deposit>(Deposit.IdFor(listing.Id, buyer));
            var held = listing.Awards.Select(a => a.Award.BuyerId).Distinct().ToDictionary(b => b, b => DepositOf(b)?.Held ?? 0m);
            var (concluded, deals) = listing.Conclude(held, now);
            return new object?[] { concluded, deals, deals.Select(d => DepositOf(d.BuyerId)?.CreditTo(d.DealId, d.Price)).ToArray() };
        }

        private static object Default(History h, Deal deal, DateTimeOffset now)
        {
            var forfeited = deal.Source == DealSource.Listing ? h.Find<Deposit>(Deposit.IdFor(deal.EscrowId, deal.BuyerId))?.Forfeit(deal.Id) : null;
            var (defaulted, released) = deal.Default(h.Lots, forfeited?.Amount ?? 0m, now);
            var barred = h.Get<Buyer>(deal.BuyerId).BarForDefault(deal.Id, deal.BarDays, DateOnly.FromDateTime(now.UtcDateTime));
            var settled = deal.Source == DealSource.Listing ? h.Get<Listing>(deal.EscrowId).RecordSettlement(deal.Id, delivered: false) : null;
            return new object?[] { defaulted, released, forfeited, barred, settled };
        }
    }

    // Steps, each naming what it acts on by index so that any generated sequence can run. Most pick among the listings
    // still announced, trading or suspended: picking among all, they would mostly hit listings long over.

    private static bool IsLive(Listing listing) => listing.Status is ListingStatus.Notice or ListingStatus.Trading or ListingStatus.Suspended;

    private static bool IsTrading(Listing listing) => listing.Status == ListingStatus.Trading;

    public abstract record Step
    {
        public abstract void Run(Market market);
    }

    /// <summary>Drafted by Alice, consented to by the county (unless it forgets), submitted, published by Bob.</summary>
    public sealed record PublishListing(
        int Seller, QuotaKind Kind, PricedMeasure Measure, decimal Quantity, ListingMode Mode, int PriceSteps, bool Reserve, bool Deposit,
        int Hours, bool Consent) : Step
    {
        public override void Run(Market market)
        {
            var (id, seller, measure) = (Guid.NewGuid(), Sellers[Seller], Kind == QuotaKind.LinkageSurplus ? PricedMeasure.Area : Measure);
            var floor = Floors.Single(f => f.Kind == Kind && f.Measure == measure).UnitPrice;
            var start = Yuan.ToFen(floor * (1 + PriceSteps / 50m));
            var auction = Mode == ListingMode.Auction;
            var tradingStart = market.Now.AddDays(Terms.NoticeDays);
            var request = new ListingRequest(Kind, measure, measure == PricedMeasure.Grain ? Quantity * 400 : Quantity, Mode, start, null, null,
                auction && Reserve ? Yuan.ToFen(start * 1.06m) : null, Deposit ? null : 0m, market.Now, tradingStart, tradingStart.AddHours(Hours),
                null);
            _ = market.Do(h => Listing.Draft(id, $"L-{++market.Numbered}", seller, request, h.The<TradingParameters>(), RegionCatalog.InnerMongolia,
                    market.Now, Alice))
                && (seller == RegionAccount || !Consent || market.Do(h => h.Get<Listing>(id).Consent(new Actor("clerk", Role.County, seller))))
                && market.Do(h => h.Get<Listing>(id).Submit(Alice))
                && market.Do(h => h.Get<Listing>(id).Publish(Bob, h.LotsOf(seller, Kind), h.The<TradingParameters>(), market.Now));
        }
    }

    public sealed record PayDeposit(int Listing, int Buyer) : Step
    {
        public override void Run(Market market)
        {
            if (market.PickListing(Listing, l => IsLive(l) && l.Terms.Deposit > 0) is not { } listing) return;
            var buyer = Buyers[Buyer];
            _ = market.Do(h => Deposit.Declare(h.Get<Listing>(listing.Id), h.Get<Buyer>(buyer), $"deposit {Guid.NewGuid()}", market.Today))
                && market.Do(h => h.Get<Deposit>(Deposit.IdFor(listing.Id, buyer)).ConfirmReceived(Alice));
        }
    }

    /// <summary>An order for a quarter, half, three quarters, all of what is left, or a little more than that.</summary>
    public sealed record PlaceOrder(int Listing, int Buyer, int Quarters) : Step
    {
        public override void Run(Market market)
        {
            if (market.PickListing(Listing, l => l.Terms.Mode == ListingMode.FixedPrice && IsTrading(l)) is not { } listing) return;
            var decimals = listing.Terms.Measure == PricedMeasure.Grain ? Measures.GrainCapacityDecimals : Measures.AreaDecimals;
            var quantity = Quarters > 4 ? listing.Remaining + 0.01m : decimal.Round(listing.Remaining * Quarters / 4m, decimals);
            market.Do(h => Market.WithReleases(h, h.Get<Listing>(listing.Id).Order(Guid.NewGuid(), Market.As(h, listing.Id, Buyers[Buyer]),
                quantity, h.The<TradingParameters>(), market.Now, Guid.NewGuid)));
        }
    }

    /// <summary>A bid a fen too low, at the lowest allowed, some increments above it, or at the cap.</summary>
    public sealed record PlaceBid(int Listing, int Buyer, int Increments) : Step
    {
        public override void Run(Market market)
        {
            if (market.PickListing(Listing, l => l.Terms.Mode == ListingMode.Auction && IsTrading(l)) is not { } listing) return;
            var t = listing.Terms;
            var lowest = listing.HighestBid is { } best ? best.UnitPrice + t.Increment : t.StartPrice;
            var price = Increments switch { 0 => lowest - 0.01m, > 4 => t.Cap!.Value, _ => lowest + t.Increment * (Increments - 1) };
            market.Do(h => Market.WithReleases(h, h.Get<Listing>(listing.Id).Bid(Guid.NewGuid(), Market.As(h, listing.Id, Buyers[Buyer]),
                price, h.The<TradingParameters>(), market.Now, Guid.NewGuid)));
        }
    }

    public sealed record Publicise(int Listing) : Step
    {
        public override void Run(Market market)
        {
            if (market.PickListing(Listing, l => l.Status == ListingStatus.ProvisionalDeal) is not { } listing) return;
            market.Do(h => h.Get<Listing>(listing.Id).PublicizeResult(Alice, market.Now));
        }
    }

    /// <summary>Time passes (minutes, hours or days), and the hosted jobs run, unless the service is down for a while.</summary>
    public sealed record Advance(int Minutes, bool ServiceDown) : Step
    {
        public override void Run(Market market)
        {
            market.Now = market.Now.AddMinutes(Minutes);
            if (!ServiceDown) market.RunDueJobs();
        }
    }

    /// <summary>A payment of part of what is outstanding or all of it, under a new bank reference or the last one again.</summary>
    public sealed record Pay(int Deal, int Quarters, bool SameReference) : Step
    {
        public override void Run(Market market)
        {
            if (market.Ledger.Pick<Deal>(Deal, d => SameReference || d.Status == DealStatus.AwaitingPayment) is not { } deal) return;
            var reference = SameReference && deal.Payments.Count > 0 ? deal.Payments[^1].BankReference : $"bank {Guid.NewGuid()}";
            var amount = SameReference && deal.Payments.Count > 0 ? deal.Payments[^1].Amount : Yuan.ToFen(deal.Outstanding * Math.Min(Quarters, 4) / 4m);
            market.Do(h =>
            {
                var current = h.Get<Deal>(deal.Id);
                var confirmed = current.ConfirmPayment(reference, amount, Alice, h.Lots, Guid.NewGuid);
                return confirmed.OfType<DealDelivered>().Any() && current.Source == DealSource.Listing
                    ? [.. confirmed, h.Get<Listing>(current.EscrowId).RecordSettlement(current.Id, delivered: true)]
                    : confirmed;
            });
        }
    }

    public sealed record Suspend(int Listing) : Step
    {
        public override void Run(Market market)
        {
            if (market.PickListing(Listing, IsLive) is not { } listing) return;
            market.Do(h => h.Get<Listing>(listing.Id).Suspend("objection"));
        }
    }

    /// <summary>Resumes, keeping the close or giving a new one some hours from now.</summary>
    public sealed record Resume(int Listing, int? Hours) : Step
    {
        public override void Run(Market market)
        {
            if (market.PickListing(Listing, l => l.Status == ListingStatus.Suspended) is not { } listing) return;
            market.Do(h => h.Get<Listing>(listing.Id).Resume("cleared", Hours is { } hours ? market.Now.AddHours(hours) : null, market.Now));
        }
    }

    public sealed record Withdraw(int Listing) : Step
    {
        public override void Run(Market market)
        {
            if (market.PickListing(Listing, IsLive) is not { } listing) return;
            market.Do(h => h.Get<Listing>(listing.Id).Withdraw("withdrawn", h.Lots));
        }
    }

    public sealed record Terminate(int Listing) : Step
    {
        public override void Run(Market market)
        {
            if (market.PickListing(Listing, l => IsLive(l) || l.Status is ListingStatus.ProvisionalDeal or ListingStatus.Publicity or ListingStatus.Deal)
                is not { } listing) return;
            market.Do(h => h.Get<Listing>(listing.Id).Terminate("terminated", h.Lots));
        }
    }

    /// <summary>An agreement recorded by Alice and approved by Bob, paid in two tranches due in one and three days.</summary>
    public sealed record SignAgreement(int Seller, int Buyer, QuotaKind Kind, decimal Quantity, int PriceSteps) : Step
    {
        public override void Run(Market market)
        {
            var (id, seller) = (Guid.NewGuid(), Sellers[Seller]);
            var unitPrice = 300_000m + PriceSteps * 5_000m;
            var price = Yuan.PriceOf(Quantity, unitPrice);
            var first = Yuan.ToFen(price / 2);
            PaymentTranche[] tranches = [new(market.Now.AddDays(1), first), new(market.Now.AddDays(3), price - first)];
            _ = market.Do(h => Agreement.Record(id, $"A-{++market.Numbered}", seller, h.Get<Buyer>(Buyers[Buyer]), Kind, PricedMeasure.Area,
                    Quantity, unitPrice, tranches, market.Today, h.The<TradingParameters>(), RegionCatalog.InnerMongolia, market.Now, Alice))
                && market.Do(h => h.Get<Agreement>(id).Approve(Bob, h.Get<Buyer>(Buyers[Buyer]), h.LotsOf(seller, Kind), Guid.NewGuid(), market.Now));
        }
    }

    /// <summary>A ledger operation on the sellers' lots while they are listed: a transfer between them, or a freeze.</summary>
    public sealed record LedgerStep(int Operation, int From, int To, int Target, decimal Amount) : Step
    {
        public override void Run(Market market)
        {
            var ledger = market.Ledger;
            switch (Operation)
            {
                case 0:
                    new LedgerPropertiesTests.ProposeTransfer(HolderIndex(From), HolderIndex(To), QuotaKind.Replenishment, Area(Amount), 0).Run(ledger);
                    break;
                case 1: new LedgerPropertiesTests.DecideTransfer(Target, 0, 1).Run(ledger); break;
                case 2:
                    if (ledger.Pick<Lot>(Target, LedgerInvariants.IsInnerMongolian) is { } lot)
                        ledger.Execute(h => Freeze.ImposeOnLot(Guid.NewGuid(), h.Lot(lot.Id), Area(Amount), "abandonment"));
                    break;
                default: new LedgerPropertiesTests.LiftFreeze(Target).Run(ledger); break;
            }
        }

        /// <summary>The sellers' places in the ledger property's holders (region, Hohhot, Xincheng, Huimin, Donghe).</summary>
        private static int HolderIndex(int seller) => seller switch { 0 => 0, 1 => 2, _ => 3 };
    }

    // Generators.

    private static readonly Gen<int> Index = Gen.Choose(0, 1000);
    private static Gen<int> Of<T>(IReadOnlyCollection<T> choices) => Gen.Choose(0, choices.Count - 1);

    /// <summary>1 to 40 mu (or 400 times as many kg), to 0, 2 or 4 decimals.</summary>
    private static readonly Gen<decimal> Quantity =
        from scale in Gen.Elements(0, 2, 4) from units in Gen.Choose(1, 40 * (int)Math.Pow(10, scale))
        select new decimal(units, 0, 0, false, (byte)scale);

    private static readonly Gen<Step> AnyStep = Gen.Frequency<Step>(
        (3, from seller in Of(Sellers) from kind in Gen.Elements(QuotaKind.Replenishment, QuotaKind.Replenishment, QuotaKind.LinkageSurplus)
            from measure in Gen.Elements(PricedMeasure.Area, PricedMeasure.Area, PricedMeasure.Grain, PricedMeasure.Paddy)
            from quantity in Quantity from mode in Gen.Elements(ListingMode.FixedPrice, ListingMode.Auction) from steps in Gen.Choose(0, 10)
            from reserve in Gen.Elements(false, false, true) from deposit in Gen.Elements(true, false, false) from hours in Gen.Choose(6, 72)
            from consent in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
            select (Step)new PublishListing(seller, kind, measure, quantity, mode, steps, reserve, deposit, hours, consent)),
        (8, from i in Index from buyer in Of(Buyers) select (Step)new PayDeposit(i, buyer)),
        (10, from i in Index from buyer in Of(Buyers) from quarters in Gen.Choose(1, 5) select (Step)new PlaceOrder(i, buyer, quarters)),
        (10, from i in Index from buyer in Of(Buyers) from increments in Gen.Choose(0, 6) select (Step)new PlaceBid(i, buyer, increments)),
        (2, Index.Select(i => (Step)new Publicise(i))),
        (12, from minutes in Gen.Frequency((3, Gen.Choose(1, 30)), (4, Gen.Choose(60, 8 * 60)), (3, Gen.Choose(12 * 60, 30 * 60)))
            from down in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
            select (Step)new Advance(minutes, down)),
        (5, from i in Index from quarters in Gen.Choose(1, 4) from same in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
            select (Step)new Pay(i, quarters, same)),
        (1, Index.Select(i => (Step)new Suspend(i))),
        (1, from i in Index from hours in Gen.Frequency((1, Gen.Constant((int?)null)), (1, Gen.Choose(1, 24).Select(h => (int?)h)))
            select (Step)new Resume(i, hours)),
        (1, Index.Select(i => (Step)new Withdraw(i))),
        (1, Index.Select(i => (Step)new Terminate(i))),
        (2, from seller in Of(Sellers) from buyer in Of(Buyers) from kind in Gen.Elements(QuotaKind.Replenishment, QuotaKind.LinkageSurplus)
            from quantity in Quantity from steps in Gen.Choose(-1, 10)
            select (Step)new SignAgreement(seller, buyer, kind, quantity, steps)),
        (3, from kind in Gen.Choose(0, 3) from sender in Of(Sellers) from receiver in Of(Sellers) from i in Index from area in Quantity
            select (Step)new LedgerStep(kind, sender, receiver, i, area)));

    private static readonly Gen<Step[]> Steps = Gen.ArrayOf(AnyStep);

    /// <summary>The step sequences the property draws; a failing one shrinks by dropping one step at a time.</summary>
    public static class Sessions
    {
        public static Arbitrary<Step[]> Sequences() => Arb.From(Steps,
            steps => Enumerable.Range(0, steps.Length).Select(skip => steps.Where((_, i) => i != skip).ToArray()));
    }
}
