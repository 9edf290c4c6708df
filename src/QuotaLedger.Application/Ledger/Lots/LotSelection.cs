using Npgsql;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Lots;

/// <summary>Lots locked for a command: in the order to draw on them, and by id for appending.</summary>
public sealed record LockedLots(IReadOnlyList<Lot> InOrder, IReadOnlyDictionary<Guid, Loaded<Lot>> ById)
{
    public IReadOnlyDictionary<Guid, Lot> States => ById.ToDictionary(l => l.Key, l => l.Value.State);

    public Measures Available => Measures.Sum(InOrder.Select(l => l.Available));
}

/// <summary>
/// A holder whose lots a command draws on, as the domain draws on them: oldest first, or with the quota created in the
/// holder's own county first (<see cref="Allocation.OwnQuotaFirst"/>).
/// </summary>
public sealed record DrawFrom(string Holder, bool OwnQuotaFirst = false);

/// <summary>Finds and locks the lots a command draws on.</summary>
public sealed class LotSelection(LedgerSession session)
{
    private const string BeforeLocking = "lot_selection";

    /// <summary>
    /// Locks the first lots, in the order the domain draws on them (the holders in the order given), that together
    /// cover <paramref name="amount"/> in every measure, or every lot that could contribute when they do not; their
    /// state is read after the lock, so it is current. A holder's other lots stay free for other commands.
    /// </summary>
    /// <remarks>
    /// The lots are chosen on what <c>ql_lots</c> said before the lock. When a concurrent command drew on them in the
    /// meantime they may no longer cover the amount although later lots would: their locks are given back and every
    /// drawable lot of the holders is locked instead, as one set in id order (the lock order that keeps two commands
    /// from deadlocking), and the command is decided on all of them, as if it had never narrowed its choice.
    /// </remarks>
    public async Task<LockedLots> LockCoveringAsync(QuotaKind kind, Measures amount, IReadOnlyList<DrawFrom> holders, CancellationToken ct)
    {
        var (inOrder, versions, chosenCovered) = await LockFirstCoveringAsync(kind, amount, holders, ct);
        var locked = await LoadAsync(inOrder, versions, ct);
        if (!chosenCovered || amount.FitsWithin(locked.Available)) return locked;

        await ExecuteAsync($"ROLLBACK TO SAVEPOINT {BeforeLocking}", ct);
        return await LockAllDrawableAsync(holders.Select(h => h.Holder).ToArray(), kind, ct);
    }

    /// <summary>
    /// Every lot of the holders of a kind with anything available, oldest first (the holders in the order given),
    /// locked for the rest of the command; for a command on everything a holder has, such as a freeze.
    /// </summary>
    public async Task<LockedLots> LockAllDrawableAsync(IReadOnlyList<string> holders, QuotaKind kind, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT l.id FROM unnest($1::text[]) WITH ORDINALITY AS h (holder, rank)
            JOIN ql_lots l ON l.holder = h.holder
            WHERE l.kind = $2 AND (l.available_area > 0 OR l.available_grain > 0 OR l.available_paddy > 0)
            ORDER BY h.rank, l.created_seq
            """, session.Events.Connection, session.Events.Transaction);
        cmd.Parameters.AddWithValue(holders.ToArray());
        cmd.Parameters.AddWithValue(Journal.KindName(kind));
        var ids = new List<Guid>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return await LockAsync(ids, ct);
    }

    /// <summary>Locks the named lots, in the order named; every one must exist.</summary>
    public async Task<LockedLots> LockAsync(IReadOnlyList<Guid> ids, CancellationToken ct) =>
        await LoadAsync(ids, await session.Events.LockStreamsAsync(ids, ct), ct);

    /// <summary>
    /// Marks where the lock can be given back, then locks the streams of the lots chosen, in id order like
    /// <see cref="QuotaLedger.Store.IEventSession.LockStreamsAsync"/>, in the same round trip. Answers their
    /// ids in drawing order, their stream versions, and whether they covered the amount when they were chosen.
    /// </summary>
    private async Task<(Guid[] InOrder, Dictionary<Guid, long> Versions, bool ChosenCovered)> LockFirstCoveringAsync(
        QuotaKind kind, Measures amount, IReadOnlyList<DrawFrom> holders, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(session.Events.Connection, session.Events.Transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {BeforeLocking}"));
        // A lot is chosen while the lots before it in drawing order do not yet cover the amount in every measure; lots
        // with nothing available in a measure the amount needs are passed over, as the domain passes over them.
        var choose = new NpgsqlBatchCommand("""
            WITH drawable AS (
                SELECT l.id, l.available_area, l.available_grain, l.available_paddy,
                       row_number() OVER drawing AS position,
                       sum(l.available_area) OVER drawing - l.available_area AS area_before,
                       sum(l.available_grain) OVER drawing - l.available_grain AS grain_before,
                       sum(l.available_paddy) OVER drawing - l.available_paddy AS paddy_before
                FROM unnest($1::text[], $2::boolean[]) WITH ORDINALITY AS h (holder, own_quota_first, rank)
                JOIN ql_lots l ON l.holder = h.holder
                WHERE l.kind = $3
                  AND (l.available_area > 0 AND $4 > 0 OR l.available_grain > 0 AND $5 > 0 OR l.available_paddy > 0 AND $6 > 0)
                WINDOW drawing AS (ORDER BY h.rank, h.own_quota_first AND l.origin_county <> l.holder, l.created_seq
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            )
            SELECT s.id, s.version, d.position, d.available_area, d.available_grain, d.available_paddy
            FROM drawable d JOIN public.mt_streams s ON s.id = d.id
            WHERE NOT (d.area_before >= $4 AND d.grain_before >= $5 AND d.paddy_before >= $6)
            ORDER BY s.id
            FOR UPDATE OF s
            """);
        choose.Parameters.AddWithValue(holders.Select(h => h.Holder).ToArray());
        choose.Parameters.AddWithValue(holders.Select(h => h.OwnQuotaFirst).ToArray());
        choose.Parameters.AddWithValue(Journal.KindName(kind));
        choose.Parameters.AddWithValue(amount.Area);
        choose.Parameters.AddWithValue(amount.GrainCapacity);
        choose.Parameters.AddWithValue(amount.PaddyArea);
        batch.BatchCommands.Add(choose);

        var chosen = new List<(Guid Id, long Version, long Position, Measures Available)>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                chosen.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2),
                    new Measures(reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5))));
        return (chosen.OrderBy(c => c.Position).Select(c => c.Id).ToArray(), chosen.ToDictionary(c => c.Id, c => c.Version),
            amount.FitsWithin(Measures.Sum(chosen.Select(c => c.Available))));
    }

    private async Task<LockedLots> LoadAsync(IReadOnlyList<Guid> ids, IReadOnlyDictionary<Guid, long> versions, CancellationToken ct)
    {
        var lots = await session.LoadLockedAsync<Lot>(versions, ct);
        foreach (var id in ids)
            if (!lots.ContainsKey(id)) throw new NotFoundException("Lot", id);
        return new LockedLots(ids.Select(id => lots[id].State).ToArray(), lots);
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, session.Events.Connection, session.Events.Transaction);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
