namespace QuotaLedger.Domain.Shared;

/// <summary>
/// The record a decision was taken on: an inspection campaign behind a freeze, the re-check behind its lifting, the
/// reclamation commitment behind a deduction. It names the aggregate by its stored stream type and id, so that the
/// audit trail can be followed from the effect to its cause.
/// </summary>
public sealed record Citation(string StreamType, Guid Id)
{
    public static Citation Of<T>(Guid id) where T : class, IAggregate<T> => new(T.StreamType, id);

    public override string ToString() => $"{StreamType} {Id}";
}
