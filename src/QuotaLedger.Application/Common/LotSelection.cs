using Npgsql;
using QuotaLedger.Domain;
using QuotaLedger.Domain.Lots;

namespace QuotaLedger.Application.Common;

/// <summary>Lots locked for a command: in the order to draw on them, and by id for appending.</summary>
public sealed record LockedLots(IReadOnlyList<Lot> InOrder, IReadOnlyDictionary<Guid, Loaded<Lot>> ById)
{
    public IReadOnlyDictionary<Guid, Lot> States => ById.ToDictionary(l => l.Key, l => l.Value.State);
}

/// <summary>Finds and locks the lots a command draws on.</summary>
public sealed class LotSelection(LedgerSession session)
{
    /// <summary>
    /// The holder's lots of a kind with anything available (or the ones named), oldest first, locked for the rest of
    /// the command; their state is read after the lock, so it is current.
    /// </summary>
    public async Task<LockedLots> LockDrawableAsync(string holder, QuotaKind kind, IReadOnlyCollection<Guid>? named, CancellationToken ct)
    {
        var ids = named is { Count: > 0 } ? named.Distinct().ToArray() : await DrawableIdsAsync(holder, kind, ct);
        return await LockAsync(ids, ct);
    }

    /// <summary>Locks the named lots; every one must exist.</summary>
    public async Task<LockedLots> LockAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var lots = await session.LockAsync<Lot>(ids, ct);
        foreach (var id in ids)
            if (!lots.ContainsKey(id)) throw new NotFoundException("Lot", id);
        return new LockedLots(ids.Select(id => lots[id].State).ToArray(), lots);
    }

    /// <summary>
    /// The ids of the holder's lots of a kind with anything available, oldest first, not locked: for a command that
    /// draws on several holders' lots and must lock them all in one <see cref="LockAsync"/> call.
    /// </summary>
    public async Task<Guid[]> DrawableIdsAsync(string holder, QuotaKind kind, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT id FROM ql_lots
            WHERE holder = $1 AND kind = $2 AND (available_area > 0 OR available_grain > 0 OR available_paddy > 0)
            ORDER BY created_seq
            """, session.Events.Connection, session.Events.Transaction);
        cmd.Parameters.AddWithValue(holder);
        cmd.Parameters.AddWithValue(ReadModels.Journal.KindName(kind));
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids.ToArray();
    }
}
