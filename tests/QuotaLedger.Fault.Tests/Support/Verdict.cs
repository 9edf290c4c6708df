using System.Text.Json;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>Collects what went wrong over a fault run and fails once, with all of it and the services' last words.</summary>
public sealed class Verdict(Action<string> log)
{
    private readonly List<string> problems = [];

    public void Add(string area, IEnumerable<string> found)
    {
        var list = found.ToList();
        log($"{area}: {(list.Count == 0 ? "ok" : $"{list.Count} problems")}");
        problems.AddRange(list.Select(p => $"[{area}] {p}"));
    }

    public void Require(bool condition, string problem)
    {
        if (!condition) Add("requirement", [problem]);
    }

    /// <summary>The centre's GET /api/v1/ledger/totals: caught up with the latest event and balanced for every kind and measure.</summary>
    public async Task LedgerTotalsBalancedAsync(ApiClient api)
    {
        var totals = await api.GetAsync("/api/v1/ledger/totals", Tokens.Centre());
        if (totals.Status != 200)
        {
            Add("ledger totals", [$"GET /api/v1/ledger/totals answered {totals}"]);
            return;
        }
        var json = totals.Json;
        var found = new List<string>();
        foreach (var kind in json.GetProperty("kinds").EnumerateArray())
        {
            var balanced = kind.GetProperty("balanced");
            if (balanced.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.True))
                found.Add($"{kind.GetProperty("kind")} is not balanced: {kind}");
        }
        var latest = json.GetProperty("latestSequence").GetInt64();
        foreach (var progress in json.GetProperty("progress").EnumerateArray())
            if (progress.GetProperty("lastSequence").GetInt64() < latest)
                found.Add($"{progress.GetProperty("name")} at {progress.GetProperty("lastSequence")} of {latest}");
        Add("ledger totals (API)", found);
    }

    public void Assert(params ServiceProcess[] services)
    {
        if (problems.Count == 0) return;
        var shown = problems.Take(40).ToList();
        if (problems.Count > shown.Count) shown.Add($"… and {problems.Count - shown.Count} more");
        var output = string.Join("\n", services.Select(s => $"--- {s.Name}, last output:\n{s.RecentOutput(30)}"));
        Xunit.Assert.Fail($"{problems.Count} problems:\n{string.Join("\n", shown)}\n{output}");
    }
}
