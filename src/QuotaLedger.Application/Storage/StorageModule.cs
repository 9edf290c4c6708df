using Marten;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Storage.StorageApplications;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Application.Storage;

/// <summary>The storage module's part of the store: its aggregates' documents.</summary>
public static class StorageModule
{
    public static void Configure(StoreOptions opts, RegionCatalog regions)
    {
        AggregateDocuments.Register<Project>(opts, regions);
        AggregateDocuments.Register<StorageApplication>(opts, regions);
        AggregateDocuments.Register<StorageSuspension>(opts, regions);
        AggregateDocuments.Register<StoragePolicy>(opts, regions);
    }
}
