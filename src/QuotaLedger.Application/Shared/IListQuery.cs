using FluentValidation;

namespace QuotaLedger.Application.Shared;

/// <summary>Paging and the optional holder filter that every list query takes.</summary>
public interface IListQuery
{
    string? Holder { get; }
    int Limit { get; }
    int Offset { get; }
}

public static class ListQueryRules
{
    public const int MaxLimit = 500;

    /// <param name="buyersToo">Whether the holder may also be a cross-province buyer (its id), for what buyers hold or trade.</param>
    public static void Paging<T>(this AbstractValidator<T> validator, bool buyersToo = false) where T : IListQuery
    {
        validator.RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit);
        validator.RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
        if (buyersToo) validator.RuleFor(q => q.Holder!).KnownHolderOrBuyer().When(q => q.Holder is not null);
        else validator.RuleFor(q => q.Holder!).KnownHolder().When(q => q.Holder is not null);
    }
}
