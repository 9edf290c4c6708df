using Npgsql;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Ledger.Transfers;

/// <summary>What a new transfer draws on, for both ways of making one (proposed, or proposed and decided at once).</summary>
public sealed class TransferDraws(LedgerSession session, LotSelection lots, RegionCatalog regions)
{
    /// <summary>
    /// The sender's lots, locked: those named, or without lots named the oldest first that cover the amount
    /// (<see cref="Transfer.Propose"/>); and the R6 flag when quota comes into a prefecture that could have balanced at home.
    /// </summary>
    public async Task<(LockedLots Lots, HomeBalanceFlag? HomeBalance)> LockAsync(
        string from, string to, QuotaKind kind, Measures amount, IReadOnlyList<Guid>? lotIds, CancellationToken ct)
    {
        var drawable = lotIds is { Count: > 0 } named
            ? await lots.LockAsync(named, ct)
            : await lots.LockCoveringAsync(kind, amount, [new DrawFrom(from)], ct);
        var homeBalance = HomeBalanceFlag.HomeOf(from, to, regions) is { } home
            ? HomeBalanceFlag.For(home, amount, await AvailableAtHomeAsync(home, kind, ct))
            : null;
        return (drawable, homeBalance);
    }

    /// <summary>
    /// What the prefecture's own holding and all its counties have available of the kind, as the command's transaction
    /// sees the ledger's balances. Not locked: the flag informs the approver of the moment of proposal, and a flag that
    /// waited on every county's balance would make transfers into a prefecture wait on each other.
    /// </summary>
    private async Task<Measures> AvailableAtHomeAsync(string prefecture, QuotaKind kind, CancellationToken ct)
    {
        var holders = regions.All.Where(r => r.Code == prefecture || r.ParentCode == prefecture).Select(r => r.Code).ToArray();
        await using var cmd = new NpgsqlCommand("""
            SELECT coalesce(sum(area), 0), coalesce(sum(grain), 0), coalesce(sum(paddy), 0) FROM ql_balances
            WHERE holder = ANY($1) AND kind = $2 AND bucket = $3
            """, session.Events.Connection, session.Events.Transaction);
        cmd.Parameters.AddWithValue(holders);
        cmd.Parameters.AddWithValue(Journal.KindName(kind));
        cmd.Parameters.AddWithValue(Journal.BucketName(Bucket.Available));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new Measures(BucketRows.Normalize(reader.GetDecimal(0)), BucketRows.Normalize(reader.GetDecimal(1)),
            BucketRows.Normalize(reader.GetDecimal(2)));
    }
}
