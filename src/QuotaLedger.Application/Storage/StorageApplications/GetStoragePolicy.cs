using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

/// <summary>The storage policy every user works under: the verification tolerance in force today and every one set, with their dates.</summary>
public sealed record GetStoragePolicy : IQuery<StoragePolicyView>;

/// <param name="VerificationTolerancePercent">In force today: verified measures may exceed the planned ones by this percentage.</param>
/// <param name="VerificationTolerances">Every tolerance the centre set, by effective date; none: the default applies.</param>
/// <param name="DefaultVerificationTolerancePercent">The tolerance before the first one set applies.</param>
/// <param name="Version">The policy's version, also its ETag: 0 while the centre never set anything.</param>
public sealed record StoragePolicyView(
    decimal VerificationTolerancePercent,
    IReadOnlyList<VerificationTolerance> VerificationTolerances,
    decimal DefaultVerificationTolerancePercent,
    long Version,
    IReadOnlyList<HistoryEntry> History);

public sealed class GetStoragePolicyHandler(DocumentReader reader, TimeProvider clock) : IRequestHandler<GetStoragePolicy, StoragePolicyView>
{
    public async Task<StoragePolicyView> Handle(GetStoragePolicy query, CancellationToken ct)
    {
        // Policy is public to every user of the ledger: it is the rule their applications are held to.
        var view = await reader.GetPublicAsync<StoragePolicy>(StoragePolicy.StreamId, withHistory: true, ct);
        var policy = view?.Resource ?? StoragePolicy.Initial;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new StoragePolicyView(policy.VerificationTolerancePercentOn(today), policy.VerificationTolerances,
            StoragePolicy.DefaultVerificationTolerancePercent, view?.Version ?? 0, view?.History ?? []);
    }
}
