namespace QuotaLedger.Domain;

/// <summary>R1: what an amount of each kind may look like.</summary>
public static class Quantities
{
    /// <summary>Why the amount does not fit its kind, or null when it does.</summary>
    public static string? ShapeError(QuotaKind kind, Measures amount)
    {
        if (amount.AnyNegative) return "no measure may be negative";
        if (kind == QuotaKind.LinkageSurplus && (amount.GrainCapacity != 0 || amount.PaddyArea != 0))
            return "linkage surplus quota carries area only, not grain capacity or paddy area";
        if (!HasAtMostDecimals(amount.Area, Measures.AreaDecimals) || !HasAtMostDecimals(amount.PaddyArea, Measures.AreaDecimals))
            return $"areas are kept to {Measures.AreaDecimals} decimal places of a mu and are not rounded";
        if (!HasAtMostDecimals(amount.GrainCapacity, Measures.GrainCapacityDecimals))
            return $"grain capacity is kept to {Measures.GrainCapacityDecimals} decimal places of a kg and is not rounded";
        if (amount.Area > Measures.MaxArea || amount.PaddyArea > Measures.MaxArea || amount.GrainCapacity > Measures.MaxGrainCapacity)
            return "the amount is larger than any quota that can exist in the region";
        return null;
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
