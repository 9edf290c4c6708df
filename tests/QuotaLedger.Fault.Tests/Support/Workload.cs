using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>One command as sent: replayable with the same key, token and body; its attempts and final outcome.</summary>
public sealed class CommandRecord(string key, string operation, string path, string body, string token)
{
    public string Key { get; } = key;
    public string Operation { get; } = operation;
    public string Path { get; } = path;
    public string Body { get; } = body;
    public string Token { get; } = token;
    public List<Outcome> Attempts { get; } = [];
    public Outcome Final => Attempts[^1];

    /// <summary>No response, or the database was unavailable: the command may or may not have taken effect.</summary>
    public bool Unknown => Final.NoResponse || Final.Status == 503;

    public override string ToString() => $"{Operation} POST {Path} key={Key} body={Body} → {Final}";
}

/// <summary>What a workload may tolerate: no response (a killed service), 503 (a database restart).</summary>
public sealed record FaultAllowance(bool NoResponse, bool Unavailable);

/// <summary>
/// Random quota commands over the Hohhot counties (150102, 150103, 150104) and prefecture 150100: transfers proposed and
/// decided, freezes imposed and lifted, links made and written off or unlinked, deductions, and queries; and the
/// centre's direct transfers inside three other prefectures (<see cref="DirectCounties"/>), whose writes a group can
/// batch with those of the Hohhot proposals (disjoint write scopes). Every
/// command carries a unique Idempotency-Key and is recorded with its outcomes, so that afterwards each one that got a
/// 2xx can be found in the store exactly once, and each one whose outcome is unknown can be resent until it is known.
/// </summary>
public sealed class LedgerWorkload(IReadOnlyList<ApiClient> clients, int seed, string runId, Action<string> log)
{
    /// <summary>The client of the worker running in this async flow (workers spread over the service instances).</summary>
    private readonly AsyncLocal<ApiClient?> current = new();

    public LedgerWorkload(ApiClient client, int seed, string runId, Action<string> log) : this([client], seed, runId, log) { }

    private ApiClient api => current.Value ?? clients[0];

    public const string Prefecture = "150100";
    public static readonly string[] Counties = ["150102", "150103", "150104"];

    /// <summary>Pairs of counties of Baotou, Chifeng and Ordos, between which the centre transfers directly.</summary>
    public static readonly string[] DirectCounties = ["150202", "150203", "150402", "150403", "150602", "150603"];
    private const string Kind = "replenishment";

    private readonly object gate = new();
    private readonly List<(Guid Id, string From)> pendingTransfers = [];
    private readonly List<Guid> activeFreezes = [];
    private readonly List<(Guid Id, string County)> pendingLinks = [];
    private readonly ConcurrentDictionary<string, int> statuses = new();
    private readonly ConcurrentQueue<string> violations = new();
    private int sequence;

    public ConcurrentQueue<CommandRecord> Records { get; } = new();
    public List<Guid> Lots { get; } = [];
    public Dictionary<Guid, string> LotHolders { get; } = [];

    /// <summary>Responses no fault explains: 500s, timeouts (hangs), 4xx other than rule refusals, non-problem errors.</summary>
    public IReadOnlyCollection<string> Violations => violations;

    public FaultAllowance Allowance { get; set; } = new(false, false);

    /// <summary>False while a test has the service down: workers wait instead of piling up refused connections.</summary>
    public Func<bool> ServiceUp { get; set; } = () => true;

    public int Count(string what) => statuses.GetValueOrDefault(what);

    public string StatusSummary() =>
        string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}"));

    // ---------------------------------------------------------------- seeding

    /// <summary>Each county gets <paramref name="lotsPerCounty"/> lots of 100 mu, 50 000 kg, 10 mu paddy. Every step must succeed.</summary>
    public async Task SeedAsync(int lotsPerCounty, IEnumerable<string>? counties = null)
    {
        foreach (var county in counties ?? [.. Counties, .. DirectCounties])
            for (var i = 0; i < lotsPerCounty; i++)
            {
                var (lot, _) = await IssueLotAsync(county, $"fault seed {county}-{i}");
                Assert.True(lot is not null, $"seeding failed: {string.Join("; ", Records.Where(r => !r.Final.IsSuccess))}");
            }
    }

    /// <summary>Register, submit, approve: a new lot for the county; null when a step did not succeed (under faults).</summary>
    private async Task<(Guid? Lot, Outcome Last)> IssueLotAsync(string county, string name)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var project = await CommandAsync("register", "/api/v1/projects", Tokens.County(county), new
        {
            county, kind = Kind, name, landSource = "unused_land", slopeDegrees = 3,
            inEcologicalRedLine = false, planned = new { area = 100, grainCapacity = 50000, paddyArea = 10 },
        });
        if (!project.Final.IsSuccess) return (null, project.Final);
        var application = await CommandAsync("submit", "/api/v1/storage-applications", Tokens.County(county), new
        {
            projectId = project.Final.CommandResult().Id, verified = new { area = 100, grainCapacity = 50000, paddyArea = 10 }, qualityGrade = 5,
            acceptedOn = today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            landTypeChangedOn = today.AddDays(-60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        if (!application.Final.IsSuccess) return (null, application.Final);
        var id = application.Final.CommandResult().Id;
        var approval = await CommandAsync("approve-storage", $"/api/v1/storage-applications/{id}/approve", Tokens.Centre(), new { reason = "ok" });
        if (!approval.Final.IsSuccess) return (null, approval.Final);
        var view = await api.GetAsync($"/api/v1/storage-applications/{id}", Tokens.Centre());
        Classify($"GET /api/v1/storage-applications/{id}", view, query: true);
        if (view.Status != 200) return (null, view);
        var lot = view.Json.GetProperty("resource").GetProperty("lotId").GetGuid();
        lock (gate)
        {
            Lots.Add(lot);
            LotHolders[lot] = county;
        }
        return (lot, approval.Final);
    }

    // ---------------------------------------------------------------- the random load

    /// <summary>One client: up to <paramref name="maxOperations"/> random operations, until <paramref name="stop"/> is set.</summary>
    public async Task RunWorkerAsync(int worker, int maxOperations, CancellationToken stop, bool queries = false)
    {
        var random = new Random(seed * 7919 + worker);
        current.Value = clients[worker % clients.Count];
        for (var n = 0; n < maxOperations && !stop.IsCancellationRequested; n++)
        {
            while (!ServiceUp() && !stop.IsCancellationRequested) await Task.Delay(50, CancellationToken.None);
            var roll = random.Next(100);
            var outcome = roll switch
            {
                < 3 => await IssueAsync(random),
                < 15 => await ProposeTransferAsync(random),
                < 22 => await TransferDirectlyAsync(random),
                < 40 => await DecideTransferAsync(random),
                < 50 => await FreezeAsync(random),
                < 58 => await LiftAsync(random),
                < 72 => await LinkAsync(random),
                < 84 => await DecideLinkAsync(random),
                < 92 => await DeductAsync(random),
                _ => queries ? await QueryAsync(random) : await ProposeTransferAsync(random),
            };
            // The service or its database is away: give it a moment instead of spinning.
            if (outcome is { NoResponse: true } or { Status: 503 }) await Task.Delay(random.Next(50, 200), CancellationToken.None);
            // Quota runs out as it is consumed and deducted: new storage now and then keeps the load meaningful.
            else if (outcome.ProblemType == "urn:quotaledger:problem:insufficient-quota" && random.Next(8) == 0) await IssueAsync(random);
        }
    }

    private async Task<Outcome> IssueAsync(Random r)
    {
        var (_, last) = await IssueLotAsync(Pick(r, Counties), $"replenished {Interlocked.Increment(ref sequence)}");
        return last;
    }

    private Guid RandomLot(Random r)
    {
        lock (gate) return Lots[r.Next(Lots.Count)];
    }

    private string HolderOf(Guid lot)
    {
        lock (gate) return LotHolders[lot];
    }

    private static object Amount(Random r) =>
        new { area = r.Next(1, 40) / 4m, grainCapacity = (decimal)r.Next(100, 3000), paddyArea = r.Next(0, 4) / 4m };

    private static string Pick(Random r, IReadOnlyList<string> from) => from[r.Next(from.Count)];

    /// <summary>Removes a random item, so that no two workers decide on the same pending command.</summary>
    private bool TryTake<T>(Random r, List<T> from, out T item)
    {
        lock (gate)
        {
            item = default!;
            if (from.Count == 0) return false;
            var i = r.Next(from.Count);
            item = from[i];
            from.RemoveAt(i);
            return true;
        }
    }

    private async Task<Outcome> ProposeTransferAsync(Random r)
    {
        var from = Pick(r, Counties);
        var to = Pick(r, Counties.Where(c => c != from).ToArray());
        var record = await CommandAsync("propose-transfer", "/api/v1/transfers", Tokens.County(from),
            new { from, to, kind = Kind, amount = Amount(r), reason = "balance inside Hohhot" });
        if (record.Final.IsSuccess) lock (gate) pendingTransfers.Add((record.Final.CommandResult().Id, from));
        return record.Final;
    }

    private async Task<Outcome> TransferDirectlyAsync(Random r)
    {
        var pair = 2 * r.Next(DirectCounties.Length / 2);
        var (from, to) = r.Next(2) == 0 ? (DirectCounties[pair], DirectCounties[pair + 1]) : (DirectCounties[pair + 1], DirectCounties[pair]);
        var record = await CommandAsync("transfer-directly", "/api/v1/transfers/direct", Tokens.Centre(),
            new { from, to, kind = Kind, amount = Amount(r), reason = "balance inside the prefecture" });
        return record.Final;
    }

    private async Task<Outcome> DecideTransferAsync(Random r)
    {
        if (!TryTake(r, pendingTransfers, out var transfer)) return await ProposeTransferAsync(r);
        var roll = r.Next(10);
        var (verb, token) = roll < 6 ? ("approve", Tokens.Prefecture(Prefecture))
            : roll < 8 ? ("reject", Tokens.Prefecture(Prefecture))
            : ("withdraw", Tokens.County(transfer.From!));
        var record = await CommandAsync($"{verb}-transfer", $"/api/v1/transfers/{transfer.Id}/{verb}", token, new { reason = $"{verb} it" });
        if (record.Unknown) lock (gate) pendingTransfers.Add(transfer);
        return record.Final;
    }

    private async Task<Outcome> FreezeAsync(Random r)
    {
        CommandRecord record;
        if (r.Next(10) == 0)
        {
            var holder = Pick(r, Counties);
            record = await CommandAsync("freeze-holder", "/api/v1/freezes", Tokens.Centre(),
                new { holder, kind = Kind, reason = "R5 abandonment check" });
        }
        else
        {
            var lot = RandomLot(r);
            record = await CommandAsync("freeze-lot", "/api/v1/freezes", Tokens.Centre(),
                new { holder = HolderOf(lot), kind = Kind, reason = "R5 partial freeze", lotId = lot, amount = Amount(r) });
        }
        if (record.Final.IsSuccess) lock (gate) activeFreezes.Add(record.Final.CommandResult().Id);
        return record.Final;
    }

    private async Task<Outcome> LiftAsync(Random r)
    {
        if (!TryTake(r, activeFreezes, out var freeze)) return await FreezeAsync(r);
        var record = await CommandAsync("lift-freeze", $"/api/v1/freezes/{freeze}/lift", Tokens.Centre(), new { reason = "rectified" });
        if (record.Unknown) lock (gate) activeFreezes.Add(freeze);
        return record.Final;
    }

    private async Task<Outcome> LinkAsync(Random r)
    {
        var county = Pick(r, Counties);
        var reference = $"AR-{runId}-{Interlocked.Increment(ref sequence)}";
        var record = await CommandAsync("link", "/api/v1/links", Tokens.County(county),
            new { county, kind = Kind, approvalReference = reference, occupied = Amount(r), reason = "school site", occupationType = "non_farm_construction" });
        if (record.Final.IsSuccess) lock (gate) pendingLinks.Add((record.Final.CommandResult().Id, county));
        return record.Final;
    }

    private async Task<Outcome> DecideLinkAsync(Random r)
    {
        if (!TryTake(r, pendingLinks, out var link)) return await LinkAsync(r);
        var verb = r.Next(2) == 0 ? "write-off" : "unlink";
        var record = await CommandAsync(verb, $"/api/v1/links/{link.Id}/{verb}", Tokens.County(link.County!), new { reason = $"{verb} it" });
        if (record.Unknown) lock (gate) pendingLinks.Add(link);
        return record.Final;
    }

    private async Task<Outcome> DeductAsync(Random r)
    {
        var county = Pick(r, Counties);
        var record = await CommandAsync("deduct", "/api/v1/deductions", Tokens.Centre(), new
        {
            county, kind = Kind, amount = Amount(r), commitmentReference = $"C-{runId}-{Interlocked.Increment(ref sequence)}",
            reason = "reclamation overdue (R8)",
        });
        return record.Final;
    }

    private async Task<Outcome> QueryAsync(Random r)
    {
        var county = Pick(r, Counties);
        var (path, token) = r.Next(4) switch
        {
            0 => ($"/api/v1/holders/{county}/balances", Tokens.County(county)),
            1 => ($"/api/v1/transfers?holder={county}&limit=20", Tokens.Centre()),
            2 => ("/api/v1/ledger/totals", Tokens.Centre()),
            _ => ($"/api/v1/lots/{RandomLot(r)}", Tokens.Centre()),
        };
        var outcome = await api.GetAsync(path, token);
        Classify($"GET {path}", outcome, query: true);
        return outcome;
    }

    // ---------------------------------------------------------------- sending and recording

    private async Task<CommandRecord> CommandAsync(string operation, string path, string token, object body)
    {
        var key = $"{runId}-{Interlocked.Increment(ref sequence)}";
        var record = new CommandRecord(key, operation, path, JsonSerializer.Serialize(body), token);
        Records.Enqueue(record);
        await SendAsync(record);
        return record;
    }

    private async Task SendAsync(CommandRecord record)
    {
        var outcome = await api.PostAsync(record.Path, record.Token, record.Body, record.Key);
        lock (record.Attempts) record.Attempts.Add(outcome);
        Classify($"{record.Operation} POST {record.Path} key={record.Key}", outcome, query: false);
    }

    private void Classify(string what, Outcome outcome, bool query)
    {
        var label = outcome.TimedOut ? "timeout" : outcome.NoResponse ? "no-response" : outcome.Status.ToString(CultureInfo.InvariantCulture);
        statuses.AddOrUpdate(label, 1, (_, n) => n + 1);
        var ok = outcome switch
        {
            { TimedOut: true } => false,
            { NoResponse: true } => Allowance.NoResponse,
            { Status: 503 } => Allowance.Unavailable && outcome.ProblemType == "urn:quotaledger:problem:store-unavailable",
            { IsSuccess: true } => true,
            { Status: 409 or 412 or 422 } => !query && outcome.MediaType == "application/problem+json",
            _ => false,
        };
        if (!ok) violations.Enqueue($"{what} → {outcome}");
    }

    /// <summary>
    /// Resends every command whose outcome is unknown, with its own key, until each has a definite answer: a replay
    /// when the first attempt had taken effect, else the first effect (or a refusal) now.
    /// </summary>
    public async Task ResolveUnknownAsync(TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        var unknown = Records.Where(r => r.Unknown).ToList();
        log($"resending {unknown.Count} commands of unknown outcome");
        foreach (var record in unknown)
            while (record.Unknown && DateTime.UtcNow < deadline)
            {
                await SendAsync(record);
                if (record.Unknown) await Task.Delay(250);
            }
        foreach (var record in Records.Where(r => r.Unknown))
            violations.Enqueue($"no definite answer within {budget} after the faults: {record}");
    }

    /// <summary>
    /// Every aggregate a 2xx named: its stream is at the highest version a 2xx answered, and the 2xx answers for it are
    /// versions 1..n, each once (two commands answered the same version = a lost or doubled event).
    /// </summary>
    public async Task<List<string>> VerifyStreamsAsync(TestDatabase db)
    {
        var problems = new List<string>();
        var byAggregate = Records.Where(r => r.Final.IsSuccess)
            .Select(r => (Record: r, Result: r.Final.CommandResult()))
            .GroupBy(x => x.Result.Id);
        var streams = (await db.RowsAsync(
                $"SELECT s.id, s.version, d.version FROM mt_streams s LEFT JOIN ({await Invariants.DocumentsQueryAsync(db)}) d ON d.id = s.id"))
            .ToDictionary(row => (Guid)row[0]!, row => ((long)row[1]!, row[2] as long?));
        foreach (var group in byAggregate)
        {
            var versions = group.Select(x => x.Result.Version).OrderBy(v => v).ToArray();
            // Each command adds one event, but a direct transfer starts its stream with two (proposed and approved).
            var first = group.Any(x => x.Record.Operation == "transfer-directly") ? 2 : 1;
            if (!streams.TryGetValue(group.Key, out var stream))
            {
                problems.Add($"aggregate {group.Key} answered 2xx ({string.Join("; ", group.Select(x => x.Record))}) but has no stream");
                continue;
            }
            if (stream.Item2 is null) problems.Add($"aggregate {group.Key} has no document");
            if (!versions.SequenceEqual(Enumerable.Range(first, versions.Length).Select(v => (long)v)) || stream.Item1 != versions[^1])
                problems.Add($"aggregate {group.Key}: 2xx answered versions [{string.Join(",", versions)}], stream is at {stream.Item1}: " +
                             string.Join("; ", group.Select(x => x.Record)));
        }
        return problems;
    }

    /// <summary>Resends <paramref name="count"/> commands that got a 2xx, same key: the same answer must come back, with no new event.</summary>
    public async Task<List<string>> ReplaySampleAsync(TestDatabase db, int count)
    {
        var problems = new List<string>();
        var random = new Random(seed);
        var done = Records.Where(r => r.Final.IsSuccess).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var sample = done.OrderBy(_ => random.Next()).Take(count).ToList();
        var before = await db.LedgerEventCountAsync();
        foreach (var record in sample)
        {
            var again = await api.PostAsync(record.Path, record.Token, record.Body, record.Key);
            if (again.Status != record.Final.Status || !again.IsSuccess || again.CommandResult() != record.Final.CommandResult())
                problems.Add($"replay of {record} answered {again}");
        }
        var after = await db.LedgerEventCountAsync();
        if (after != before) problems.Add($"replaying {sample.Count} commands appended {after - before} events");
        log($"replayed {sample.Count} commands with their keys: {problems.Count} problems");
        return problems;
    }
}
