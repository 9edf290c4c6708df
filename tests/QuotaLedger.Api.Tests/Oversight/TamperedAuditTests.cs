using Npgsql;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Oversight.Audit;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// Someone with SQL access alters an event behind the service's back (as <c>TamperEvidenceTests</c> does, switching off
/// the triggers in the way); the audit's verdict on a page with that event names it: by its hash and MAC when its
/// content was altered, and by the seal over it too when its MAC was replaced. A database of its own, since the
/// test tampers with it.
/// </summary>
public sealed class TamperedAuditTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task A_page_with_an_event_altered_in_the_database_is_not_verified_and_the_finding_names_the_event()
    {
        var lot = await api.IssueLotAsync("150102", QuotaKind.LinkageSurplus, Area(6));
        await api.WaitUntilSealedAsync();
        var centre = api.Centre();
        Assert.True((await centre.AuditAsync()).Verdict.Verified);
        var altered = await api.ScalarAsync<long>("SELECT seq_id FROM mt_events WHERE stream_id = $1 AND version = 1", lot);

        await TamperAsync("UPDATE mt_events SET data = jsonb_set(data, '{amount,area}', '600') WHERE seq_id = $1", altered);

        var page = await centre.AuditAsync("type=lot_issued");
        Assert.False(page.Verdict.Verified);
        Assert.Contains(page.Verdict.Findings, f => f.Sequence == altered && f.StreamId == lot && f.Problem.Contains("MAC does not match"));
        Assert.Contains(page.Verdict.Findings, f => f.Sequence == altered && f.Problem.Contains("hash does not match"));
        Assert.Equal(600m, ((System.Text.Json.JsonElement)Assert.Single(page.Items, i => i.Sequence == altered).Data)
            .GetProperty("amount").GetProperty("area").GetDecimal());
    }

    [Fact]
    public async Task A_MAC_replaced_without_the_key_breaks_the_seal_over_the_page()
    {
        var lot = await api.IssueLotAsync("150103", QuotaKind.LinkageSurplus, Area(7));
        await api.WaitUntilSealedAsync();
        var altered = await api.ScalarAsync<long>("SELECT seq_id FROM mt_events WHERE stream_id = $1 AND version = 1", lot);

        // The attacker's own MAC over the altered data: it cannot compute the service's, and the seal signed the old one.
        await TamperAsync("UPDATE ql_event_macs SET mac = sha256(mac) WHERE seq_id = $1", altered);

        var page = await api.Centre().GetAsync<AuditPage>($"{AuditSteps.Audit}?after={altered - 1}&limit=1");
        Assert.Equal(altered, Assert.Single(page.Items).Sequence);
        Assert.False(page.Verdict.Verified);
        Assert.Contains(page.Verdict.Findings, f => f.Sequence == altered && f.Problem.Contains("MAC does not match"));
        Assert.Contains(page.Verdict.Findings, f => f.Problem.Contains("sealed block") && f.Problem.Contains("no longer matches"));
    }

    private async Task TamperAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var statement in new[]
                 {
                     "ALTER TABLE mt_events DISABLE TRIGGER ql_events_immutable, DISABLE TRIGGER ql_events_hash",
                     "ALTER TABLE ql_event_macs DISABLE TRIGGER USER", sql,
                     "ALTER TABLE mt_events ENABLE TRIGGER ql_events_immutable, ENABLE TRIGGER ql_events_hash",
                     "ALTER TABLE ql_event_macs ENABLE TRIGGER USER",
                 })
        {
            await using var cmd = new NpgsqlCommand(statement, connection, tx);
            if (statement == sql) foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}
