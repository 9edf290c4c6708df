using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Trading;

/// <summary>
/// Money is decimal yuan. Prices and amounts are kept to the fen; a product or a percentage is rounded to the fen, half
/// away from zero, only where a rule of trading says so (a deal's price, a default deposit, increment or cap).
/// </summary>
public static class Yuan
{
    public const int FenDecimals = 2;

    /// <summary>No price or amount exceeds this (a trillion yuan): it keeps every product inside decimal's range.</summary>
    public const decimal Max = 1_000_000_000_000m;

    public static decimal ToFen(decimal amount) => decimal.Round(amount, FenDecimals, MidpointRounding.AwayFromZero);

    public static decimal Percent(decimal amount, decimal percent) => ToFen(amount * percent / 100m);

    /// <summary>The price of a quantity at a unit price: the one product that is rounded, once, to the fen.</summary>
    public static decimal PriceOf(decimal quantity, decimal unitPrice) => ToFen(quantity * unitPrice);

    public static bool IsInFen(decimal amount) => Quantities.HasAtMostDecimals(amount, FenDecimals);

    public static void RequireAmount(decimal amount, string what)
    {
        if (amount < 0 || amount > Max || !IsInFen(amount))
            throw new RuleViolationException(Rule.InvalidAmount,
                $"The {what} must be between 0 and {Max} yuan, kept to the fen ({FenDecimals} decimal places); it is {amount}.");
    }
}
