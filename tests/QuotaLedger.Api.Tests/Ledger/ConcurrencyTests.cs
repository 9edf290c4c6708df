using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Storage.Suspensions;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Ledger;

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

    [Fact]
    public async Task A_deadlock_that_outlasts_the_retries_is_a_409_the_client_may_retry_and_writes_nothing()
    {
        var deadlocks = new ForcedDeadlocks(api.ConnectionString);
        await using var service = api.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddScoped<IRequestHandler<SuspendStorageApplications, CommandResult>>(provider =>
                new DeadlockingHandler(provider.GetRequiredService<LedgerSession>(), deadlocks))));
        var centre = service.CreateClient();
        centre.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LedgerApi.Token("centre", "150000", "centre-reviewer"));
        var events = await api.EventCountAsync();

        var response = await centre.PostJsonAsync("/api/v1/regions/150102/storage-suspension", new { Reason = "R5: abandonment over 10%" });

        await deadlocks.SettledAsync();
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "transaction-conflict");
        Assert.Contains("retry", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, deadlocks.Attempts);
        Assert.Equal(events, await api.EventCountAsync());
    }

    /// <summary>Stands in for the suspension handler: every attempt deadlocks with another transaction and loses.</summary>
    private sealed class DeadlockingHandler(LedgerSession session, ForcedDeadlocks deadlocks)
        : IRequestHandler<SuspendStorageApplications, CommandResult>
    {
        public async Task<CommandResult> Handle(SuspendStorageApplications command, CancellationToken ct)
        {
            await deadlocks.DeadlockAsync(session.Events.Connection, session.Events.Transaction, ct);
            throw new InvalidOperationException("PostgreSQL did not abort the command's transaction as a deadlock victim.");
        }
    }

    private sealed class ForcedDeadlocks(string connectionString)
    {
        private readonly ConcurrentBag<Task> others = [];
        private int attempts;

        public int Attempts => attempts;

        /// <summary>
        /// The command's transaction takes advisory lock a and another transaction lock b; the other then waits for a and,
        /// once it waits, the command's for b, closing the cycle. The other looks for deadlocks only after a minute, so the
        /// command's check, deadlock_timeout after it began to wait, finds the cycle and PostgreSQL aborts the command's
        /// transaction whatever the load on the machine. (Setting deadlock_timeout takes a superuser, as the test cluster's is.)
        /// </summary>
        public async Task DeadlockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
        {
            Interlocked.Increment(ref attempts);
            var (a, b) = (Random.Shared.NextInt64(), Random.Shared.NextInt64());
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", a);
            var other = new NpgsqlConnection(connectionString);
            await other.OpenAsync(ct);
            var otherTransaction = await other.BeginTransactionAsync(ct);
            await ExecuteAsync(other, otherTransaction, "SET LOCAL deadlock_timeout = '1min'");
            await ExecuteAsync(other, otherTransaction, "SELECT pg_advisory_xact_lock($1)", b);
            var otherPid = other.ProcessID;
            others.Add(Task.Run(async () =>
            {
                await using (other)
                {
                    // Granted once the command's transaction is aborted.
                    await ExecuteAsync(other, otherTransaction, "SELECT pg_advisory_xact_lock($1)", a);
                    await otherTransaction.RollbackAsync();
                }
            }));
            while (!await WaitsAsync(connection, transaction, otherPid)) await Task.Delay(10, ct);
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", b);
        }

        public Task SettledAsync() => Task.WhenAll(others);

        private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] parameters)
        {
            await using var cmd = new NpgsqlCommand(sql, connection, transaction);
            foreach (var parameter in parameters) cmd.Parameters.AddWithValue(parameter);
            await cmd.ExecuteNonQueryAsync();
        }

        private static async Task<bool> WaitsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int pid)
        {
            await using var cmd = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted)", connection, transaction);
            cmd.Parameters.AddWithValue(pid);
            return (bool)(await cmd.ExecuteScalarAsync())!;
        }
    }
}
