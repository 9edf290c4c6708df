using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>What a Prometheus server scrapes, without a token: counts and durations, nothing of the ledger's content.</summary>
public sealed class MetricsTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task The_metrics_count_the_command_groups_committed()
    {
        var before = await GroupsCommittedAsync();
        await api.IssueLotAsync("150102", QuotaKind.LinkageSurplus, Area(2));

        // The exporter may answer from a copy up to its cache time old: the count catches up.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await GroupsCommittedAsync() <= before)
        {
            Assert.True(DateTime.UtcNow < deadline, "the command groups' count did not grow");
            await Task.Delay(200);
        }
    }

    private async Task<double> GroupsCommittedAsync()
    {
        var response = await api.Anonymous().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var count = Regex.Match(text, @"^quotaledger_command_group_size_count(?:\{[^}]*\})? (\S+)", RegexOptions.Multiline);
        return count.Success ? double.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
