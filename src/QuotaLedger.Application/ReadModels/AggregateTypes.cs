using QuotaLedger.Domain;
using QuotaLedger.Domain.Consumption;
using QuotaLedger.Domain.Deductions;
using QuotaLedger.Domain.Freezing;
using QuotaLedger.Domain.Lots;
using QuotaLedger.Domain.Projects;
using QuotaLedger.Domain.Storage;
using QuotaLedger.Domain.Transfers;

namespace QuotaLedger.Application.ReadModels;

/// <summary>How to fold one stream type into its aggregate, for the document projection.</summary>
public sealed record AggregateType(
    string StreamType,
    Type ClrType,
    Func<object?, IDomainEvent, object?> Evolve,
    Func<object, IReadOnlyCollection<string>> Parties);

public static class AggregateTypes
{
    public static readonly IReadOnlyDictionary<string, AggregateType> ByStreamType = new[]
    {
        Of<Lot>(), Of<Project>(), Of<StorageApplication>(), Of<StorageSuspension>(), Of<Transfer>(), Of<QuotaLink>(),
        Of<Freeze>(), Of<Deduction>(), Of<StoragePolicy>(),
    }.ToDictionary(t => t.StreamType);

    private static AggregateType Of<T>() where T : class, IAggregate<T> =>
        new(T.StreamType, typeof(T), (state, e) => T.Evolve((T?)state, e), state => ((T)state).Parties);
}
