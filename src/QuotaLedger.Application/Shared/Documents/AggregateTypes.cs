using JasperFx.Events.Projections;
using Marten;
using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Storage.StorageApplications;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Application.Shared.Documents;

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
