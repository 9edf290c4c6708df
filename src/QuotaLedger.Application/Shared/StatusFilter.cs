using FluentValidation;

namespace QuotaLedger.Application.Shared;

/// <summary>A list's <c>status</c> filter: a status spelt as the API writes it (snake case), refused when unknown.</summary>
public static class StatusFilter
{
    public static IRuleBuilderOptions<T, string?> KnownStatus<T, TStatus>(this IRuleBuilder<T, string?> rule) where TStatus : struct, Enum
    {
        var names = Enum.GetValues<TStatus>().Select(SnakeCaseEnumConverter.NameOf).ToArray();
        return rule.Must(s => s is null || names.Contains(s)).WithMessage($"The status is one of: {string.Join(", ", names)}.");
    }

    /// <summary>The status a validated filter names, or null for none.</summary>
    public static TStatus? Parse<TStatus>(string? status) where TStatus : struct, Enum =>
        status is null ? null : Enum.GetValues<TStatus>().Single(s => SnakeCaseEnumConverter.NameOf(s) == status);
}
