using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// A command whose every read and write of the ledger lies within the prefectures of the holders it names (their lots,
/// balances and home balances; the region's own holding is a scope of its own). In a group, its writes wait to be made
/// in one batch with those of other commands of disjoint scope (<see cref="WriteScope"/>). A command that reads
/// anything else must not say so: its writes are then made at once, after any that wait.
/// </summary>
public interface ILedgerScoped
{
    IEnumerable<string> ScopeHolders { get; }

    /// <summary>The command's scope: the prefecture of each holder named, or the holder itself for the region.</summary>
    public static WriteScope? Of(object request, RegionCatalog regions) =>
        request is ILedgerScoped scoped
            ? new WriteScope(scoped.ScopeHolders.Select(holder => regions.PrefectureOf(holder) ?? holder))
            : null;
}
