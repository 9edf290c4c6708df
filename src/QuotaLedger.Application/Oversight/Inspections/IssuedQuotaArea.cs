using Npgsql;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>
/// R5's denominator: a county's total replenishment quota area is the area issued to it by storage approvals, net of
/// approvals reversed (<c>LotIssuanceReversed</c> takes its lines back out of the bucket), read from the ledger journal's
/// <c>issued</c> bucket in the command's transaction: what is committed when the decision is taken. Quota the county
/// moved out or in since does not change it: the threshold is about the new farmland created there.
/// </summary>
public static class IssuedQuotaArea
{
    public static async Task<IReadOnlyDictionary<string, decimal>> OfCountiesAsync(LedgerSession session, IReadOnlyList<string> counties, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT holder, sum(area) FROM ql_journal
            WHERE holder = ANY($1) AND kind = $2 AND bucket = $3
            GROUP BY holder
            """, session.Events.Connection, session.Events.Transaction);
        cmd.Parameters.AddWithValue(counties.ToArray());
        cmd.Parameters.AddWithValue(Journal.KindName(QuotaKind.Replenishment));
        cmd.Parameters.AddWithValue(Journal.BucketName(Bucket.Issued));
        var areas = new Dictionary<string, decimal>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) areas[reader.GetString(0)] = reader.GetDecimal(1);
        return areas;
    }
}
