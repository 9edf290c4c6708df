using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Lots;

/// <summary>
/// Decides an operation that holds quota on lots (approve, reject or withdraw a transfer, lift a freeze, write off or
/// unlink a link, reverse a deduction or a write-off): the operation is locked, the user's right to it checked, then
/// If-Match; its lots are locked in id order; the domain decides on both; the events are appended together.
/// </summary>
public sealed class LotOperations(LedgerSession session, LotSelection lots)
{
    public async Task<CommandResult> DecideAsync<T>(
        Guid id,
        Action<T> requireAccess,
        long? expectedVersion,
        Func<T, IReadOnlyDictionary<Guid, Lot>, (IDomainEvent Decided, IEnumerable<LotEvent> LotEvents)> decide,
        CancellationToken ct)
        where T : class, IAggregate<T>, ILotOperation
    {
        var operation = await session.LockOneAsync(id, requireAccess, expectedVersion, ct);
        var held = await lots.LockAsync(operation.State.LotIds.ToArray(), ct);

        var (decided, lotEvents) = decide(operation.State, held.States);
        session.Append(id, operation, decided);
        session.AppendLots(held.ById, lotEvents);
        return new CommandResult(id, operation.Version + 1);
    }
}
