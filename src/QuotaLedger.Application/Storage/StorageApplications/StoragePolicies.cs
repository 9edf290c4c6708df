using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

public static class StoragePolicies
{
    /// <summary>
    /// The storage policy as the command's transaction sees it, without locking it: every storage decision of the region
    /// reads it, and a lock would make them wait on each other. A tolerance never applies before the day it is set, so
    /// a decision racing its setting decides under the one in force when it started, as it would a moment earlier.
    /// </summary>
    public static async Task<StoragePolicy> ReadAsync(LedgerSession session, CancellationToken ct) =>
        (await AggregateDocuments.LoadManyAsync<StoragePolicy>(session.Events.Documents, [StoragePolicy.StreamId], ct))
        .GetValueOrDefault(StoragePolicy.StreamId)?.State ?? StoragePolicy.Initial;
}
