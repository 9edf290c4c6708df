using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>What a Prometheus server scrapes, without a token: counts and durations, nothing of the ledger's content.</summary>
[Collection(TelemetryTests.Collection)]
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

    [Fact]
    public async Task The_metrics_count_commands_by_type_and_outcome_and_refusals_by_rule()
    {
        var centre = api.Centre("alice");
        const string done = """quotaledger_commands_total\{[^}]*command="TransferDirectly",outcome="done"[^}]*\}""";
        const string refused = """quotaledger_commands_total\{[^}]*command="TransferDirectly",outcome="refused"[^}]*\}""";
        const string rule = """quotaledger_refusals_total\{[^}]*rule="InsufficientQuota"[^}]*\}""";
        var before = (await CountAsync(done), await CountAsync(refused), await CountAsync(rule));
        await api.IssueLotAsync("150202", QuotaKind.LinkageSurplus, Area(2));

        await (await centre.PostJsonAsync($"{Transfers}/direct", TransferBody("150202", "150203", QuotaKind.LinkageSurplus, Area(1))))
            .ReadAsync<Application.Shared.CommandResult>(HttpStatusCode.Created);
        await (await centre.PostJsonAsync($"{Transfers}/direct", TransferBody("150202", "150203", QuotaKind.LinkageSurplus, Area(5))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await CountAsync(done), await CountAsync(refused), await CountAsync(rule)) != (before.Item1 + 1, before.Item2 + 1, before.Item3 + 1))
        {
            Assert.True(DateTime.UtcNow < deadline, "the command counts did not reach one more done, one more refused");
            await Task.Delay(200);
        }
    }

    private Task<double> GroupsCommittedAsync() => CountAsync(@"quotaledger_command_group_size_count(?:\{[^}]*\})?");

    /// <summary>The value of the first series that <paramref name="series"/> matches; 0 when there is none yet.</summary>
    private async Task<double> CountAsync(string series)
    {
        var response = await api.Anonymous().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var count = Regex.Match(text, $@"^{series} (\S+)", RegexOptions.Multiline);
        return count.Success ? double.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
