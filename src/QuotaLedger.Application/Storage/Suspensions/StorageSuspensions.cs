using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Application.Storage.Suspensions;

public static class StorageSuspensions
{
    /// <summary>R5: a county's storage is suspended when it, or its prefecture, is.</summary>
    public static async Task<bool> IsSuspendedAsync(LedgerSession session, string county, CancellationToken ct)
    {
        var codes = new[] { county, RegionCatalog.InnerMongolia.PrefectureOf(county) }.OfType<string>().ToArray();
        var states = await session.LockAsync<StorageSuspension>(codes.Select(StorageSuspension.StreamIdOf).ToArray(), ct);
        return states.Values.Any(s => s.State.Suspended);
    }
}
