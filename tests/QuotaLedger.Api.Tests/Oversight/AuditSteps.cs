using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Oversight.Audit;

namespace QuotaLedger.Api.Tests.Oversight;

public static class AuditSteps
{
    public const string Audit = "/api/v1/oversight/audit";
    public const string Exports = "/api/v1/oversight/exports";

    public static Task<AuditPage> AuditAsync(this HttpClient centre, string query = "") =>
        centre.GetAsync<AuditPage>($"{Audit}?limit=500{(query.Length > 0 ? "&" + query : "")}");

    /// <summary>Every event the filters let through, page after page of <paramref name="limit"/>.</summary>
    public static async Task<List<AuditEntry>> AuditAllAsync(this HttpClient centre, string query, int limit)
    {
        var all = new List<AuditEntry>();
        for (long? after = 0; after is { } from;)
        {
            var page = await centre.GetAsync<AuditPage>($"{Audit}?limit={limit}&after={from}{(query.Length > 0 ? "&" + query : "")}");
            Assert.True(page.Items.Count <= limit);
            all.AddRange(page.Items);
            after = page.Next;
        }
        return all;
    }

    /// <summary>
    /// Waits until Marten's daemon has sealed every event so far (the sealer runs asynchronously); the wait is for the
    /// daemon, not a measure of its speed.
    /// </summary>
    public static async Task WaitUntilSealedAsync(this LedgerApi api)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await api.ScalarAsync<long>("SELECT coalesce((SELECT max(to_seq) FROM ql_seals), 0)")
               < await api.ScalarAsync<long>("SELECT max(seq_id) FROM mt_events"))
        {
            Assert.True(DateTime.UtcNow < until, "the sealer did not seal the events within a minute");
            await Task.Delay(100);
        }
    }
}
