using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Trading;

/// <summary>
/// The measure a listing sells and is priced by: yuan per mu of area or paddy area, or per kg of grain capacity. The
/// measures are independent (R1), and quota exchanges trade them apart (a lot carries only area, or only paddy area,
/// or only grain capacity), so a listing, an agreement and a deal are each of one measure.
/// </summary>
/// <remarks>Spelt <c>area</c>, <c>grain</c> and <c>paddy</c>: the members of an amount are <c>grainCapacity</c> and
/// <c>paddyArea</c>, and one word has one spelling in the API.</remarks>
public enum PricedMeasure
{
    /// <summary>Area, in mu.</summary>
    Area,

    /// <summary>Grain capacity, in kg per year.</summary>
    Grain,

    /// <summary>Paddy area, in mu.</summary>
    Paddy,
}

public static class PricedMeasures
{
    /// <summary>Whether quota of the kind carries the measure: linkage surplus quota carries area only (R1).</summary>
    public static bool IsCarriedBy(this PricedMeasure measure, QuotaKind kind) =>
        kind == QuotaKind.Replenishment || measure == PricedMeasure.Area;

    public static Measures AsMeasures(this PricedMeasure measure, decimal quantity) => measure switch
    {
        PricedMeasure.Area => new Measures(quantity, 0, 0),
        PricedMeasure.Grain => new Measures(0, quantity, 0),
        PricedMeasure.Paddy => new Measures(0, 0, quantity),
        _ => throw new ArgumentOutOfRangeException(nameof(measure)),
    };

    public static decimal Of(this PricedMeasure measure, Measures amount) => measure switch
    {
        PricedMeasure.Area => amount.Area,
        PricedMeasure.Grain => amount.GrainCapacity,
        PricedMeasure.Paddy => amount.PaddyArea,
        _ => throw new ArgumentOutOfRangeException(nameof(measure)),
    };

    public static string Unit(this PricedMeasure measure) => measure == PricedMeasure.Grain ? "kg" : "mu";

    /// <summary>R1: a quantity of the measure of the kind, positive and kept to the measure's decimal places.</summary>
    public static void RequireQuantity(this PricedMeasure measure, QuotaKind kind, decimal quantity, string what)
    {
        if (!measure.IsCarriedBy(kind))
            throw new RuleViolationException(Rule.InvalidAmount,
                $"{Spelling.Of(kind)} quota does not carry {Spelling.Of(measure)}; it is sold by area only (R1).");
        if (quantity <= 0)
            throw new RuleViolationException(Rule.InvalidAmount, $"The {what} quantity must be positive.");
        Quantities.RequireMovable(kind, measure.AsMeasures(quantity), what);
    }
}
