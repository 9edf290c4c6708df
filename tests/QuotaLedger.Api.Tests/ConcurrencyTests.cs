using System.Net;
using System.Text.Json;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Lots;
using QuotaLedger.Domain;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests;

/// <summary>Parallel commands against one holder's quota never overdraw it, lose no event and never answer 5xx.</summary>
public sealed class ConcurrencyTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private async Task<Outcome> OutcomeAsync(string command, Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        string? type = null;
        if (!response.IsSuccessStatusCode)
        {
            Assert.True((int)response.StatusCode < 500,
                $"{command} answered {(int)response.StatusCode}: {body}\n{string.Join("\n", api.ServerErrors)}");
            type = JsonSerializer.Deserialize<JsonElement>(body).GetProperty("type").GetString();
        }
        return new Outcome(command, response.StatusCode, type);
    }

    private const QuotaKind Kind = QuotaKind.LinkageSurplus;

    private sealed record Outcome(string Command, HttpStatusCode Status, string? ProblemType);

    [Fact]
    public async Task Fifty_parallel_transfers_and_links_of_one_and_a_half_mu_never_overdraw_a_lot_of_fifty()
    {
        const string county = "150102";
        var lot = await api.IssueLotAsync(county, Kind, Area(50));
        var client = api.County(county);
        var (transfersBefore, linksBefore) = (await api.EventCountAsync("transfer_proposed"), await api.EventCountAsync("quota_linked"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => i % 2 == 0
            ? OutcomeAsync("transfer", client.PostJsonAsync(Transfers, TransferBody(county, "150103", Kind, Area(1.5m), $"transfer {i}")))
            : OutcomeAsync("link", client.PostJsonAsync(Links, LinkBody(county, Kind, $"approval {i}", Area(1.5m))))));

        Assert.All(outcomes, o => Assert.True(
            o.Status == HttpStatusCode.Created
            || (o.Status == HttpStatusCode.UnprocessableEntity && o.ProblemType == Http.ProblemPrefix + "insufficient-quota")
            || o.Status == HttpStatusCode.Conflict,
            $"{o.Command}: {(int)o.Status} {o.ProblemType}"));
        var transfers = outcomes.Count(o => o is { Command: "transfer", Status: HttpStatusCode.Created });
        var links = outcomes.Count(o => o is { Command: "link", Status: HttpStatusCode.Created });
        var successes = transfers + links;
        Assert.True(successes * 1.5m <= 50m, $"{successes} commands of 1.5 mu succeeded on a lot of 50");
        Assert.True(successes > 0);

        // No event was lost, none was added twice: one proposal or link per success, one reservation on the lot each.
        Assert.Equal(transfersBefore + transfers, await api.EventCountAsync("transfer_proposed"));
        Assert.Equal(linksBefore + links, await api.EventCountAsync("quota_linked"));
        var reserved = await client.GetAsync<LotWithProvenance>($"{Lots}/{lot}");
        Assert.Equal(successes, reserved.Resource.Reservations.Count);
        Assert.Equal(1 + successes, reserved.Version);

        var balance = await client.BalanceAsync(county, Kind);
        balance.ShouldBalance();
        Assert.Equal(Area(1.5m * successes), balance.Reserved);
        Assert.Equal(Area(50 - 1.5m * successes), balance.Available);
        Assert.Equal(reserved.Resource.Available, balance.Available);
        // A refusal for want of quota is only right when the lot really ran dry.
        if (outcomes.Any(o => o.Status == HttpStatusCode.UnprocessableEntity))
            Assert.True(balance.Available.Area < 1.5m, $"refused while {balance.Available.Area} mu was still available");
    }

    [Fact]
    public async Task Parallel_deductions_falling_on_a_county_and_its_prefecture_never_overdraw_either_and_never_deadlock_into_a_500()
    {
        const string county = "150202", other = "150203", prefecture = "150200";
        await api.IssueLotAsync(county, Kind, Area(10));
        await api.IssueLotAsync(other, Kind, Area(20));
        var pooled = await api.County(other).ProposeTransferAsync(other, prefecture, Kind, Area(20), "pooled at the prefecture");
        await api.Centre().ApproveTransferAsync(pooled);
        var centre = api.Centre();
        var prefectureClient = api.Prefecture(prefecture);
        var deductionsBefore = await api.EventCountAsync("deduction_imposed");

        // Deductions lock the county's and the prefecture's lots together, while the prefecture moves its own quota.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => i % 3 == 2
            ? OutcomeAsync("transfer", prefectureClient.PostJsonAsync(Transfers, TransferBody(prefecture, "150000", Kind, Area(1.5m), $"pool {i}")))
            : OutcomeAsync("deduction", centre.PostJsonAsync(Deductions, DeductionBody(county, Kind, Area(1.5m), $"commitment {i}")))));

        var deductions = outcomes.Count(o => o is { Command: "deduction", Status: HttpStatusCode.Created });
        var transfers = outcomes.Count(o => o is { Command: "transfer", Status: HttpStatusCode.Created });
        Assert.True((deductions + transfers) * 1.5m <= 30m);
        var countyBalance = await centre.BalanceAsync(county, Kind);
        var prefectureBalance = await centre.BalanceAsync(prefecture, Kind);
        countyBalance.ShouldBalance();
        prefectureBalance.ShouldBalance();
        Assert.Equal(Area(1.5m * deductions), countyBalance.Deducted + prefectureBalance.Deducted);
        Assert.Equal(Area(1.5m * transfers), prefectureBalance.Reserved);
        Assert.Equal(Area(30 - 1.5m * (deductions + transfers)), countyBalance.Available + prefectureBalance.Available);
        Assert.Equal(deductionsBefore + deductions, await api.EventCountAsync("deduction_imposed"));
    }

    [Fact]
    public async Task Ten_parallel_approvals_of_one_transfer_move_the_quota_once()
    {
        const string county = "150302", receiver = "150303";
        await api.IssueLotAsync(county, Kind, Area(10));
        var transfer = await api.County(county).ProposeTransferAsync(county, receiver, Kind, Area(6));
        var (approvals, lots) = (await api.EventCountAsync("transfer_approved"), await api.EventCountAsync("lot_received"));
        var deciders = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? api.Centre($"reviewer-{i}") : api.Prefecture("150300", $"clerk-{i}")).ToArray();

        var outcomes = await Task.WhenAll(deciders.Select((client, i) =>
            OutcomeAsync("approve", client.PostJsonAsync($"{Transfers}/{transfer}/approve", new { Reason = $"approval {i}" }))));

        Assert.Single(outcomes, o => o.Status == HttpStatusCode.OK);
        Assert.All(outcomes.Where(o => o.Status != HttpStatusCode.OK), o => Assert.Equal(HttpStatusCode.Conflict, o.Status));
        Assert.Equal(approvals + 1, await api.EventCountAsync("transfer_approved"));
        Assert.Equal(lots + 1, await api.EventCountAsync("lot_received"));
        var received = await api.Centre().BalanceAsync(receiver, Kind);
        Assert.Equal(Area(6), received.Available);
        var sender = await api.Centre().BalanceAsync(county, Kind);
        Assert.Equal(Area(6), sender.TransferredOut);
        Assert.Equal(Area(4), sender.Available);
    }
}
