using JasperFx.Events.Projections;
using Marten;
using QuotaLedger.Domain;
using QuotaLedger.Domain.Consumption;
using QuotaLedger.Domain.Deductions;
using QuotaLedger.Domain.Freezing;
using QuotaLedger.Domain.Lots;
using QuotaLedger.Domain.Projects;
using QuotaLedger.Domain.Storage;
using QuotaLedger.Domain.Transfers;

namespace QuotaLedger.Application.ReadModels;

/// <summary>The aggregates of the ledger, each kept by Marten as an <see cref="AggregateDocument{T}"/>.</summary>
public static class AggregateTypes
{
    public static void Register(StoreOptions opts, RegionCatalog regions)
    {
        Add<Lot>(opts, regions);
        Add<Project>(opts, regions);
        Add<StorageApplication>(opts, regions);
        Add<StorageSuspension>(opts, regions);
        Add<Transfer>(opts, regions);
        Add<QuotaLink>(opts, regions);
        Add<Freeze>(opts, regions);
        Add<Deduction>(opts, regions);
        Add<StoragePolicy>(opts, regions);
    }

    /// <summary>Every event type the ledger stores, for Marten's event registry.</summary>
    public static IEnumerable<Type> EventTypes =>
        typeof(IDomainEvent).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IDomainEvent).IsAssignableFrom(t));

    private static void Add<T>(StoreOptions opts, RegionCatalog regions) where T : class, IAggregate<T>
    {
        opts.Projections.Add(new AggregateProjection<T>(regions), ProjectionLifecycle.Inline);
        opts.Schema.For<AggregateDocument<T>>()
            .DocumentAlias(T.StreamType)
            .Duplicate(d => d.CreatedSequence, "bigint", notNull: true)
            .GinIndexJsonDataMember(d => d.Scope);
    }
}
