using System.Text.Json.Serialization;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Trading.Parameters;

/// <summary>The lowest unit price at which quota of a kind may be sold by a measure (yuan per mu, or per kg).</summary>
public sealed record FloorPrice(QuotaKind Kind, PricedMeasure Measure, decimal UnitPrice);

/// <summary>
/// The terms a listing takes unless the centre sets its own: deposit, increment and cap as percentages of the start
/// price, the days of notice, publicity and payment, the extension window of an auction, and how long a defaulting buyer
/// is barred.
/// </summary>
public sealed record TradingTerms(
    decimal DepositPercent,
    decimal IncrementPercent,
    decimal CapPercent,
    int NoticeDays,
    int PublicityDays,
    int PaymentDays,
    int ExtensionMinutes,
    int DefaultBarDays)
{
    public const decimal MaxPercent = 1000m;
    public const int MaxDays = 366;
    public const int MaxExtensionMinutes = 24 * 60;

    [JsonIgnore]
    public TimeSpan ExtensionWindow => TimeSpan.FromMinutes(ExtensionMinutes);
}

/// <summary>The centre set the floor prices and terms of trading from a day on; they replace the earlier set from then.</summary>
public sealed record TradingParametersSet(
    IReadOnlyList<FloorPrice> FloorPrices, TradingTerms Terms, DateOnly EffectiveFrom, string Reason) : IEventOf<TradingParameters>;

/// <summary>The floor prices and terms in force on a day.</summary>
public sealed record TradingParameterSet(IReadOnlyList<FloorPrice> FloorPrices, TradingTerms Terms, DateOnly EffectiveFrom)
{
    public decimal? FloorFor(QuotaKind kind, PricedMeasure measure) =>
        FloorPrices.FirstOrDefault(f => f.Kind == kind && f.Measure == measure)?.UnitPrice;

    /// <summary>A unit price at or above the floor for the kind and measure; with no floor set for them nothing is sold.</summary>
    public void RequireAtOrAboveFloor(QuotaKind kind, PricedMeasure measure, decimal unitPrice, DateOnly day, string what)
    {
        var floor = FloorFor(kind, measure)
                    ?? throw new RuleViolationException(Rule.TradingParametersMissing,
                        $"No floor price for {Spelling.Of(kind)} quota by {Spelling.Of(measure)} is in force on {day}: the centre sets one first.");
        if (unitPrice < floor)
            throw new RuleViolationException(Rule.BelowFloor,
                $"The {what} of {unitPrice} yuan per {measure.Unit()} is below the floor price of {floor} yuan per {measure.Unit()} in force on {day}.");
    }
}

/// <summary>
/// The trading parameters of R9 that the centre keeps: floor prices and terms, data with effective dates, never
/// constants in code (domain brief §4). One stream for the region; nothing is sold before a set is in force.
/// </summary>
/// <param name="Sets">Every set, in order of effective date; of two with one date, the later set last.</param>
public sealed record TradingParameters(IReadOnlyList<TradingParameterSet> Sets) : IAggregate<TradingParameters>
{
    public static readonly TradingParameters Initial = new([]);

    public static string StreamType => "trading_parameters";

    public static readonly Guid StreamId = StreamIds.Derived("trading-parameters", RegionCatalog.RegionCode);

    public IReadOnlyCollection<string> Parties => [RegionCatalog.RegionCode];

    public static TradingParameters? Evolve(TradingParameters? state, IDomainEvent @event) => @event switch
    {
        TradingParametersSet e => new TradingParameters(
            (state ?? Initial).Sets.Append(new TradingParameterSet(e.FloorPrices, e.Terms, e.EffectiveFrom))
            .OrderBy(s => s.EffectiveFrom).ToArray()),
        _ => state,
    };

    public TradingParameterSet? InForceOn(DateOnly day) => Sets.LastOrDefault(s => s.EffectiveFrom <= day);

    public TradingParameterSet RequireInForceOn(DateOnly day) =>
        InForceOn(day) ?? throw new RuleViolationException(Rule.TradingParametersMissing,
            $"No trading parameters are in force on {day}: the centre sets floor prices and terms before anything is listed.");

    /// <summary>
    /// Parameters apply from today or a later day, never from a past one: listings, bids and agreements already made
    /// were made under the set then in force, and the history must keep saying so.
    /// </summary>
    public static TradingParametersSet Set(IReadOnlyList<FloorPrice> floors, TradingTerms terms, DateOnly effectiveFrom, DateOnly today, string reason)
    {
        if (effectiveFrom < today)
            throw new RuleViolationException(Rule.RetroactivePolicy,
                $"Trading parameters cannot apply from {effectiveFrom}, before today ({today}): what was traded used the set then in force.");
        if (floors.GroupBy(f => (f.Kind, f.Measure)).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new RuleViolationException(Rule.InvalidAmount,
                $"The floor price of {Spelling.Of(twice.Key.Kind)} quota by {Spelling.Of(twice.Key.Measure)} is given twice.");
        foreach (var floor in floors)
        {
            if (!floor.Measure.IsCarriedBy(floor.Kind))
                throw new RuleViolationException(Rule.InvalidAmount,
                    $"{Spelling.Of(floor.Kind)} quota does not carry {Spelling.Of(floor.Measure)} and cannot have a floor price for it (R1).");
            Yuan.RequireAmount(floor.UnitPrice, "floor price");
        }
        return new TradingParametersSet(floors, terms, effectiveFrom, reason);
    }
}
