using Npgsql;
using QuotaLedger.Application.Shared;
using QuotaLedger.Store;
using Weasel.Postgresql;

namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// A listing's number, as notices and deals cite it: the year its notice starts and a number from one PostgreSQL
/// sequence, e.g. <c>2026-0007</c>. The sequence hands every caller its own value even under concurrent drafts and
/// several service instances; a draft that rolls back leaves a gap, which a number that only has to be unique may.
/// </summary>
public static class ListingNumbers
{
    private static readonly PostgresqlObjectName Name = MartenSetup.ObjectName("ql_listing_number");

    public static Sequence Sequence() => new(Name);

    public static async Task<string> NextAsync(this LedgerSession session, DateTimeOffset noticeStart, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT nextval('{Name.QualifiedName}')", session.Events.Connection, session.Events.Transaction);
        var next = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return $"{noticeStart.UtcDateTime.Year}-{next:D4}";
    }
}
