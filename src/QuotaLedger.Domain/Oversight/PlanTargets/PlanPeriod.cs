using System.Globalization;
using System.Text.RegularExpressions;

namespace QuotaLedger.Domain.Oversight.PlanTargets;

/// <summary>
/// The period a plan target is set for: one plan year (<c>2022</c>) or a span of years (<c>2021-2025</c>, the 14th
/// Five-Year Plan), both ends inclusive. It is written in that one form everywhere: in events, the API and the data file.
/// </summary>
public readonly partial record struct PlanPeriod(int FirstYear, int LastYear)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public bool Contains(int year) => year >= FirstYear && year <= LastYear;

    public IEnumerable<int> Years => Enumerable.Range(FirstYear, LastYear - FirstYear + 1);

    public override string ToString() => FirstYear == LastYear
        ? FirstYear.ToString(CultureInfo.InvariantCulture)
        : $"{FirstYear.ToString(CultureInfo.InvariantCulture)}-{LastYear.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// A year or a span of years from <see cref="MinYear"/> to <see cref="MaxYear"/>, the first before the last; only in its
    /// one written form, so that one period has one name (<c>2022-2022</c> is refused: it is written <c>2022</c>).
    /// </summary>
    public static bool TryParse(string? text, out PlanPeriod period)
    {
        period = default;
        if (text is null || Form().Match(text) is not { Success: true } match) return false;
        var first = int.Parse(match.Groups["first"].Value, CultureInfo.InvariantCulture);
        var last = match.Groups["last"].Success ? int.Parse(match.Groups["last"].Value, CultureInfo.InvariantCulture) : first;
        if (first < MinYear || last > MaxYear || (match.Groups["last"].Success && last <= first)) return false;
        period = new PlanPeriod(first, last);
        return true;
    }

    public static PlanPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a plan period such as 2022 or 2021-2025.");

    public const string FormDescription = "a plan year such as 2022 or a span of years such as 2021-2025 (the first year before the last, 2000 to 2100)";

    [GeneratedRegex(@"^(?<first>[0-9]{4})(-(?<last>[0-9]{4}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Form();
}
