namespace QuotaLedger.Domain.Shared;

/// <summary>R1: what an amount of each kind may look like.</summary>
public static class Quantities
{
    /// <summary>Why the amount does not fit its kind, or null when it does.</summary>
    public static string? ShapeError(QuotaKind kind, Measures amount) => MeasureErrors(kind, amount).Select(e => e.Error).FirstOrDefault();

    /// <summary>
    /// Each measure that does not fit, by its name in <see cref="Measures"/>, with why. Without a kind (a request that
    /// does not say it) only what holds for every kind is checked.
    /// </summary>
    public static IEnumerable<(string Measure, string Error)> MeasureErrors(QuotaKind? kind, Measures amount)
    {
        (string Name, decimal Value, int Decimals, decimal Max)[] measures =
        [
            (nameof(Measures.Area), amount.Area, Measures.AreaDecimals, Measures.MaxArea),
            (nameof(Measures.GrainCapacity), amount.GrainCapacity, Measures.GrainCapacityDecimals, Measures.MaxGrainCapacity),
            (nameof(Measures.PaddyArea), amount.PaddyArea, Measures.AreaDecimals, Measures.MaxArea),
        ];
        foreach (var (name, value, decimals, max) in measures)
        {
            if (value < 0) yield return (name, "no measure may be negative");
            else if (kind == QuotaKind.LinkageSurplus && name != nameof(Measures.Area) && value != 0)
                yield return (name, "linkage surplus quota carries area only, not grain capacity or paddy area");
            else if (!HasAtMostDecimals(value, decimals))
                yield return (name, name == nameof(Measures.GrainCapacity)
                    ? $"grain capacity is kept to {decimals} decimal places of a kg and is not rounded"
                    : $"areas are kept to {decimals} decimal places of a mu and are not rounded");
            else if (value > max) yield return (name, "the amount is larger than any quota that can exist in the region");
        }
    }

    public static bool HasAtMostDecimals(decimal value, int decimals) => decimal.Round(value, decimals) == value;

    public static void RequireShape(QuotaKind kind, Measures amount, string what)
    {
        if (ShapeError(kind, amount) is { } error)
            throw new RuleViolationException(Rule.InvalidAmount, $"The {what} amount is refused: {error} (R1).");
    }

    /// <summary>An amount to move or use: of the right shape and positive in at least one measure.</summary>
    public static void RequireMovable(QuotaKind kind, Measures amount, string what)
    {
        RequireShape(kind, amount, what);
        if (amount.IsZero)
            throw new RuleViolationException(Rule.InvalidAmount, $"The {what} amount must be positive in at least one measure.");
    }
}
