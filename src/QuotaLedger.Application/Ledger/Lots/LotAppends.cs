using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Lots;

public static class LotAppends
{
    /// <summary>Appends each lot's events to its own stream: to the lots loaded, or as a new lot's first events.</summary>
    public static void AppendLots(this LedgerSession session, IReadOnlyDictionary<Guid, Loaded<Lot>> lots, IEnumerable<LotEvent> events)
    {
        foreach (var group in events.GroupBy(e => e.LotId))
        {
            if (lots.TryGetValue(group.Key, out var lot)) session.Append(group.Key, lot, group.ToArray<IDomainEvent>());
            else session.Start<Lot>(group.Key, group.ToArray<IDomainEvent>());
        }
    }
}
