using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;
using QuotaLedger.Domain.Trading.Parameters;
using static QuotaLedger.Domain.Tests.Support.Examples;

namespace QuotaLedger.Domain.Tests.Support;

/// <summary>
/// The market the trading tests share: parameters in force from today, two buyers of other provinces, and stories of a
/// listing built one accepted decision at a time (drafted, published, trading, awarded, concluded).
/// </summary>
public static class TradingExamples
{
    public const QuotaKind Replenishment = QuotaKind.Replenishment;
    public const QuotaKind Linkage = QuotaKind.LinkageSurplus;

    /// <summary>10:00 in Hohhot on a Monday.</summary>
    public static readonly DateTimeOffset Now = new(2025, 3, 3, 2, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    public static readonly TradingTerms Terms = new(DepositPercent: 10, IncrementPercent: 2.5m, CapPercent: 150, NoticeDays: 5,
        PublicityDays: 3, PaymentDays: 10, ExtensionMinutes: 5, DefaultBarDays: 90);

    public const decimal AreaFloor = 300_000m;
    public const decimal GrainFloor = 10m;
    public const decimal PaddyFloor = 400_000m;

    public static readonly FloorPrice[] Floors =
    [
        new(Replenishment, PricedMeasure.Area, AreaFloor), new(Replenishment, PricedMeasure.Grain, GrainFloor),
        new(Replenishment, PricedMeasure.Paddy, PaddyFloor), new(Linkage, PricedMeasure.Area, AreaFloor),
    ];

    public static readonly TradingParametersSet ParametersSet = new(Floors, Terms, Today, "prices of 2025");

    public static readonly Guid Guangdong = Id("buyer Guangdong");
    public static readonly Guid Zhejiang = Id("buyer Zhejiang");
    public static readonly Guid Jiangsu = Id("buyer Jiangsu");

    public static BuyerRegistered Registered(Guid buyer, string province) => new(buyer, province, $"{province} land authority", "+86 20 0000", Alice.UserId);

    public static readonly Actor Dave = new("dave", Role.Centre, RegionAccount);

    public static Actor UserOf(Guid buyer) => new($"user of {buyer}", Role.Buyer, buyer.ToString());

    public static readonly Guid ListingId = Id("listing");
    public const string ListingNumber = "GP-2025-001";
    public static readonly Guid DealId = Id("deal");
    public static readonly Guid OtherDealId = Id("other deal");
    public static readonly Guid BuyerLot = Id("buyer lot");
    public static readonly Guid OtherBuyerLot = Id("other buyer lot");

    public static readonly DateTimeOffset TradingStart = Now.AddDays(Terms.NoticeDays);
    public static readonly DateTimeOffset TradingEnd = TradingStart.AddHours(8);

    /// <summary>Parameters in force, Guangdong and Zhejiang registered, and the lots given.</summary>
    public static History Market(params object[] lots) =>
        Scenario.Given([ParametersSet, Registered(Guangdong, "440000"), Registered(Zhejiang, "330000"), .. lots]);

    public static ListingRequest FixedPrice(decimal quantity = 10, decimal price = 320_000m, decimal? deposit = null,
        PricedMeasure measure = PricedMeasure.Area, QuotaKind kind = Replenishment) =>
        new(kind, measure, quantity, ListingMode.FixedPrice, price, null, null, null, deposit, Now, TradingStart, TradingEnd, null);

    public static ListingRequest Auction(decimal quantity = 10, decimal start = 320_000m, decimal? increment = null, decimal? cap = null,
        decimal? reserve = null, decimal? deposit = null) =>
        new(Replenishment, PricedMeasure.Area, quantity, ListingMode.Auction, start, increment, cap, reserve, deposit, Now, TradingStart,
            TradingEnd, null);

    public static ListingDrafted Draft(History h, ListingRequest request, string seller = RegionAccount) =>
        Listing.Draft(ListingId, ListingNumber, seller, request, h.The<TradingParameters>(), RegionCatalog.InnerMongolia, Now, Alice);

    /// <summary>Drafted by Alice, consented to by the county when it sells, submitted, and published by Bob.</summary>
    public static History Published(History market, ListingRequest request, string seller = RegionAccount)
    {
        var drafted = market.And(h => Draft(h, request, seller));
        if (seller != RegionAccount) drafted = drafted.And(h => h.The<Listing>().Consent(new Actor("county user", Role.County, seller)));
        return drafted.And(h => h.The<Listing>().Submit(Alice))
            .And(h => h.The<Listing>().Publish(Bob, h.LotsOf(seller, request.Kind), h.The<TradingParameters>(), Now));
    }

    /// <summary>Published, both buyers' deposits confirmed when the listing asks for one, and trading open.</summary>
    public static History OpenForTrading(History market, ListingRequest request, string seller = RegionAccount)
    {
        var published = Published(market, request, seller);
        if (published.The<Listing>().Terms.Deposit > 0)
            foreach (var buyer in new[] { Guangdong, Zhejiang })
                published = published
                    .And(h => Deposit.Declare(h.The<Listing>(), h.Get<Buyer>(buyer), $"deposit of {buyer}", Today))
                    .And(h => h.Get<Deposit>(Deposit.IdFor(ListingId, buyer)).ConfirmReceived(Alice));
        return published.And(h => h.The<Listing>().OpenTrading(TradingStart));
    }

    public static Participant As(History h, Guid buyer) => new(h.Get<Buyer>(buyer), h.Find<Deposit>(Deposit.IdFor(ListingId, buyer)));

    public static Outcome Order(History given, Guid buyer, decimal quantity, DateTimeOffset? at = null, params Guid[] dealIds) =>
        given.When(h => h.The<Listing>().Order(Id($"order {quantity} of {buyer}"), As(h, buyer), quantity, h.The<TradingParameters>(),
            at ?? TradingStart.AddHours(1), Ids(dealIds.Length > 0 ? dealIds : [DealId, OtherDealId])));

    public static Outcome Bid(History given, Guid buyer, decimal unitPrice, DateTimeOffset? at = null) =>
        given.When(h => h.The<Listing>().Bid(Id($"bid {unitPrice} of {buyer}"), As(h, buyer), unitPrice, h.The<TradingParameters>(),
            at ?? TradingStart.AddHours(1), Ids(DealId)));

    /// <summary>Awarded, its result publicised at the close, and concluded when the publicity ends, with deposits credited.</summary>
    public static History Concluded(History awarded)
    {
        var publicised = awarded.And(h => h.The<Listing>().PublicizeResult(Alice, h.The<Listing>().ClosedAt!.Value));
        return publicised.And(h =>
        {
            var listing = h.The<Listing>();
            var held = listing.Awards.Select(a => a.Award.BuyerId).Distinct()
                .ToDictionary(b => b, b => h.Find<Deposit>(Deposit.IdFor(ListingId, b))?.Held ?? 0m);
            var (concluded, deals) = listing.Conclude(held, listing.PublicityEnds!.Value);
            var credited = deals.Select(d => h.Find<Deposit>(Deposit.IdFor(ListingId, d.BuyerId))?.CreditTo(d.DealId, d.Price));
            return new object?[] { concluded, deals, credited.Where(c => c is not null).ToArray() };
        });
    }
}
