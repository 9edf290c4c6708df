using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Api.Tests.Trading;
using QuotaLedger.Application.Trading.Deals;
using QuotaLedger.Application.Trading.Listings;
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

    [Fact]
    public async Task The_metrics_gauge_the_items_waiting_for_a_decision_by_item()
    {
        var items = new[] { Waiting("storage_application_pending"), Waiting("transfer_pending") };
        var before = await Task.WhenAll(items.Select(CountAsync));

        var wuhai = api.County("150302");
        var project = await wuhai.RegisterProjectAsync("150302", QuotaKind.LinkageSurplus, Area(3));
        await wuhai.SubmitStorageAsync(api, project, QuotaKind.LinkageSurplus, Area(3));
        await api.IssueLotAsync("150303", QuotaKind.LinkageSurplus, Area(3));
        await api.County("150303").ProposeTransferAsync("150303", "150304", QuotaKind.LinkageSurplus, Area(1));

        await EventuallyAsync(items, before.Select(b => b + 1).ToArray(), "one more storage application and one more transfer waiting");
    }

    [Fact]
    public async Task The_metrics_count_listings_closed_by_outcome_and_deals_defaulted()
    {
        var counts = new[] { Closed("sold"), Closed("unsold"), @"quotaledger_deals_defaulted_total(?:\{[^}]*\})?" };
        var before = await Task.WhenAll(counts.Select(CountAsync));
        var buyer = (await api.GivenTradingAsync(1)).Single();
        await api.IssueLotAsync("150402", QuotaKind.Replenishment, Area(8));

        // Sold out by one order; then one whose trading window ends with none, closed by the trading clock.
        var sold = await api.TradingListingAsync(ListingSteps.ListingBody(api, "150402", 3m, deposit: 0m));
        await (await api.Buyer(buyer).OrderAsync(sold, 3m)).ReadAsync<Application.Shared.CommandResult>(HttpStatusCode.Created);
        var unsold = await api.TradingListingAsync(ListingSteps.ListingBody(api, "150402", 2m, deposit: 0m));
        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.RunTimedAsync(new CloseListingTrading(unsold));
        // A deal whose payment deadline passes unpaid.
        var deal = await api.ConcludeAgreementAsync("IM-ZJ-2026-901", "150402", buyer, 1m, 12_000m, TimeSpan.FromDays(2));
        api.Clock.Advance(TimeSpan.FromDays(3));
        await api.RunTimedAsync(new DefaultDeal(deal));

        await EventuallyAsync(counts, before.Select(b => b + 1).ToArray(), "one more listing sold, one more unsold, one more deal defaulted");
    }

    [Fact]
    public async Task A_hosts_metrics_are_its_own_another_host_in_the_process_neither_adds_to_them_nor_takes_them_away()
    {
        const string registered = """quotaledger_commands_total\{[^}]*command="RegisterProject",outcome="done"[^}]*\}""";
        var before = await CountAsync(registered);
        var other = new LedgerApi();
        await ((IAsyncLifetime)other).InitializeAsync();
        try
        {
            var othersBefore = await CountAsync(other, registered);
            await other.IssueLotAsync("150702", QuotaKind.LinkageSurplus, Area(2));
            await EventuallyAsync(other, [registered], [othersBefore + 1], "the other host's own command");
            await Task.Delay(TimeSpan.FromSeconds(1)); // past the exporter's copy of its last answer
            Assert.Equal(before, await CountAsync(registered));
        }
        finally
        {
            await ((IAsyncLifetime)other).DisposeAsync();
        }

        // Its meters gone with it, this host's series of the same names still count.
        await api.IssueLotAsync("150702", QuotaKind.LinkageSurplus, Area(2));
        await EventuallyAsync([registered], [before + 1], "this host's command after the other host stopped");
    }

    private static string Waiting(string item) => $$"""quotaledger_open_items\{[^}]*item="{{item}}"[^}]*\}""";

    private static string Closed(string outcome) => $$"""quotaledger_listings_closed_total\{[^}]*outcome="{{outcome}}"[^}]*\}""";

    /// <summary>Waits until the series have the values expected: the exporter, and the open items, answer from copies seconds old.</summary>
    private Task EventuallyAsync(string[] series, double[] expected, string what) => EventuallyAsync(api, series, expected, what);

    private static async Task EventuallyAsync(LedgerApi host, string[] series, double[] expected, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var values = await Task.WhenAll(series.Select(s => CountAsync(host, s)));
            if (values.SequenceEqual(expected)) return;
            Assert.True(DateTime.UtcNow < deadline, $"{what}: expected {string.Join(", ", expected)}, scraped {string.Join(", ", values)}");
            await Task.Delay(200);
        }
    }

    private Task<double> GroupsCommittedAsync() => CountAsync(@"quotaledger_command_group_size_count(?:\{[^}]*\})?");

    /// <summary>The value of the first series that <paramref name="series"/> matches; 0 when there is none yet.</summary>
    private Task<double> CountAsync(string series) => CountAsync(api, series);

    private static async Task<double> CountAsync(LedgerApi host, string series)
    {
        var response = await host.Anonymous().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var count = Regex.Match(text, $@"^{series} (\S+)", RegexOptions.Multiline);
        return count.Success ? double.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
