using System.Text.Json;
using Npgsql;
using QuotaLedger.Fault.Tests.Support;
using Xunit.Abstractions;

namespace QuotaLedger.Fault.Tests;

/// <summary>
/// The service is SIGKILLed while its timed job is in the middle of deducting an overdue reclamation commitment (R8):
/// the commitment and the county's lots are locked, and the job waits for the county's debt, which the test holds.
/// The kill rolls all of it back; started again, the job deducts the commitment exactly once, and the ledger balances
/// and verifies.
/// </summary>
public sealed class CommitmentCrashTests(ITestOutputHelper output)
{
    private const string County = "150102";
    private readonly Log log = new(output);

    [Fact]
    public async Task A_crash_mid_deduction_completes_once_on_restart()
    {
        var seed = Repo.Seed(8101);
        await using var db = await TestDatabase.CreateAsync();
        await using var service = await ServiceProcess.StartAsync("commitment-crash", db.ServiceConnectionString,
            new Dictionary<string, string> { ["TimedCommands__PeriodSeconds"] = "1" });
        using var api = new ApiClient(service);
        var load = new LedgerWorkload(api, seed, $"commit{seed}", log.Write);
        await load.SeedAsync(lotsPerCounty: 1, counties: [County]);

        // A first commitment larger than all the county has (its prefecture has nothing): 30 mu are owed, and the
        // county's debt stream exists. The county's next approval pays them.
        var first = await RecordOverdueAsync(api, area: 130, grainCapacity: 50_000, paddyArea: 10);
        await WaitUntilAsync(async () => await StatusAsync(api, first) == "defaulted", "the first commitment to be deducted");
        var debtId = Guid.Parse((await api.GetAsync($"/api/v1/oversight/counties/{County}/debt", Tokens.Centre())).Json
            .GetProperty("resource").GetProperty("debts")[0].GetProperty("deductionId").GetString()!);
        await load.SeedAsync(lotsPerCounty: 1, counties: [County]);
        log.Write($"first commitment {first} deducted (deduction {debtId}); the county's second lot paid its debt");

        // The test holds the county's debt stream: the job deducting the second commitment locks it, then the lots, then
        // waits here, in the middle of its transaction.
        await using var holder = new NpgsqlConnection(db.ServiceConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockDebt = new NpgsqlCommand("SELECT id FROM mt_streams WHERE id = $1 FOR UPDATE", holder, hold))
        {
            lockDebt.Parameters.AddWithValue(DebtStreamOf(County));
            Assert.NotNull(await lockDebt.ExecuteScalarAsync());
        }
        var second = await RecordOverdueAsync(api, area: 5, grainCapacity: 0, paddyArea: 0);
        await WaitUntilAsync(async () => await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()") > 0,
            "the job to wait for the county's debt");
        service.Kill();
        log.Write($"SIGKILL while the job deducts commitment {second}");
        await hold.RollbackAsync();

        var verdict = new Verdict(log.Write);
        verdict.Require(await DefaultsOfAsync(db, second) == 0, "the killed deduction left events behind");
        await service.StartAsync();
        await WaitUntilAsync(async () => await StatusAsync(api, second) == "defaulted", "the restarted job to deduct the second commitment");
        // Let the job look a few more times: what it already did it must not do again.
        await Task.Delay(3_000);

        verdict.Require(await DefaultsOfAsync(db, second) == 1, "the second commitment was not defaulted exactly once");
        verdict.Require(await db.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type = 'deduction_imposed' AND data ->> 'commitmentId' = $1",
            second.ToString()) == 1, "the second commitment was not deducted exactly once");
        var balance = (await api.GetAsync($"/api/v1/holders/{County}/balances", Tokens.Centre())).Json.GetProperty("kinds").EnumerateArray()
            .Single(k => k.GetProperty("kind").GetString() == "replenishment").GetProperty("buckets");
        // 100 mu of the first lot, 30 of the second for the debt, 5 for the second commitment.
        verdict.Require(balance.GetProperty("deducted").GetProperty("area").GetDecimal() == 135m, $"deducted: {balance}");
        verdict.Require(balance.GetProperty("available").GetProperty("area").GetDecimal() == 65m, $"available: {balance}");
        var debt = (await api.GetAsync($"/api/v1/oversight/counties/{County}/debt", Tokens.Centre())).Json.GetProperty("resource");
        verdict.Require(debt.GetProperty("debts").GetArrayLength() == 1 && debt.GetProperty("outstanding").GetProperty("area").GetDecimal() == 0m,
            $"debt: {debt}");
        verdict.Add("invariants", await Invariants.CheckAsync(db));
        verdict.Add("async projection", await Invariants.AsyncProjectionCaughtUpAsync(db, TimeSpan.FromSeconds(60)));
        verdict.Add("hash chains and seals", await Invariants.HistorySealedAndIntactAsync(db, TimeSpan.FromSeconds(60)));
        await verdict.LedgerTotalsBalancedAsync(api);
        verdict.Assert(service);
    }

    /// <summary>The centre enters a commitment that was due yesterday: the job deducts it at its next look.</summary>
    private static async Task<Guid> RecordOverdueAsync(ApiClient api, decimal area, decimal grainCapacity, decimal paddyArea)
    {
        var body = JsonSerializer.Serialize(new
        {
            county = County, source = "mine_wasteland", amount = new { area, grainCapacity, paddyArea },
            dueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd"), linkId = (Guid?)null,
            consumptionReference = "HH-2022-mine-3", reason = "entered from the 2022 register of commitments",
        });
        var recorded = await api.PostAsync("/api/v1/oversight/commitments", Tokens.Centre(), body, Guid.NewGuid().ToString());
        Assert.True(recorded.IsSuccess, recorded.ToString());
        return recorded.CommandResult().Id;
    }

    private static async Task<string?> StatusAsync(ApiClient api, Guid commitment)
    {
        var view = await api.GetAsync($"/api/v1/oversight/commitments/{commitment}", Tokens.Centre());
        return view.IsSuccess ? view.Json.GetProperty("resource").GetProperty("status").GetString() : null;
    }

    private static Task<long> DefaultsOfAsync(TestDatabase db, Guid commitment) =>
        db.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = $1 AND type = 'reclamation_commitment_defaulted'", commitment);

    /// <summary>The county's debt stream: its id derived from the code, as <c>CountyQuotaDebt.StreamIdOf</c> derives it.</summary>
    private static Guid DebtStreamOf(string county) => Domain.Oversight.Commitments.CountyQuotaDebt.StreamIdOf(county);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(60); waited += TimeSpan.FromMilliseconds(200))
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail($"Waited 60 s for {what}.");
    }
}
