using System.Net;
using System.Text.Json;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using static QuotaLedger.Api.Tests.Oversight.InspectionSteps;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// One spelling for each thing: every enum value the API answers with is spelt as the OpenAPI document lists it and as
/// requests must send it (snake_case), also where it is a member name (a lot's buckets, the totals' buckets).
/// </summary>
public sealed class SpellingTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Xincheng = "150102";  // 新城区
    private const string Huimin = "150103";    // 回民区
    private const string Hohhot = "150100";    // 呼和浩特市

    private static readonly string[] BucketNames = Enum.GetValues<Bucket>().Select(b => SnakeCaseEnumConverter.NameOf(b)).ToArray();

    /// <summary>Each domain enum value's other spellings, the C# name and its camelCase, where they differ from the API's.</summary>
    private static readonly Dictionary<string, string> Misspellings = typeof(Bucket).Assembly.GetTypes().Where(t => t.IsEnum)
        .SelectMany(t => Enum.GetNames(t).SelectMany(name => new[] { name, JsonNamingPolicy.CamelCase.ConvertName(name) })
            .Where(spelling => spelling != JsonNamingPolicy.SnakeCaseLower.ConvertName(spelling))
            .Select(spelling => (Spelling: spelling, Of: $"{t.Name}.{spelling}")))
        .DistinctBy(m => m.Spelling).ToDictionary(m => m.Spelling, m => m.Of);

    [Fact]
    public async Task Provenance_lot_buckets_history_balances_and_totals_spell_enums_as_the_api_does()
    {
        var (parent, received) = await StoryAsync();
        var xincheng = api.County(Xincheng);
        var answers = new Dictionary<string, JsonElement>
        {
            ["parent lot"] = await xincheng.GetJsonAsync($"{Lots}/{parent}"),
            ["received lot"] = await api.County(Huimin).GetJsonAsync($"{Lots}/{received}"),
            ["lots"] = await xincheng.GetJsonAsync($"{Holder(Xincheng)}/lots"),
            ["balances"] = await xincheng.GetJsonAsync($"{Holder(Xincheng)}/balances"),
            ["history"] = await xincheng.GetJsonAsync($"{Holder(Xincheng)}/history?limit=500"),
            ["totals"] = await TotalsWhenCaughtUpAsync(),
            ["projects"] = await xincheng.GetJsonAsync($"{Projects}?holder={Xincheng}"),
            ["applications"] = await xincheng.GetJsonAsync($"{StorageApplications}?holder={Xincheng}"),
            ["transfers"] = await xincheng.GetJsonAsync($"{Transfers}?holder={Xincheng}"),
            ["links"] = await xincheng.GetJsonAsync($"{Links}?holder={Xincheng}"),
            ["freezes"] = await xincheng.GetJsonAsync($"{Freezes}?holder={Xincheng}"),
            ["deductions"] = await xincheng.GetJsonAsync($"{Deductions}?holder={Xincheng}"),
            ["regions"] = await xincheng.GetJsonAsync("/api/v1/regions"),
        };

        foreach (var lot in new[] { answers["parent lot"], answers["received lot"] })
        {
            Assert.Equal("unused_land", lot.GetProperty("resource").GetProperty("provenance").GetProperty("landSource").GetString());
            var opened = lot.GetProperty("history")[0];
            Assert.Equal("unused_land", opened.GetProperty("data").GetProperty("provenance").GetProperty("landSource").GetString());
        }
        var parentBuckets = answers["parent lot"].GetProperty("resource").GetProperty("buckets");
        Assert.Subset(BucketNames.ToHashSet(), parentBuckets.EnumerateObject().Select(b => b.Name).ToHashSet());
        Assert.True(parentBuckets.TryGetProperty("transferred_out", out _), $"the parent lot's buckets: {parentBuckets}");
        Assert.Equal("unused_land", answers["lots"].GetProperty("items")[0].GetProperty("resource").GetProperty("provenance").GetProperty("landSource").GetString());

        foreach (var totals in new[] { answers["balances"], answers["totals"] })
            foreach (var kind in totals.GetProperty("kinds").EnumerateArray())
                Assert.Equal(BucketNames.Append("held").Order(), kind.GetProperty("buckets").EnumerateObject().Select(b => b.Name).Order());

        var lines = answers["history"].GetProperty("items").EnumerateArray().ToArray();
        Assert.Contains(lines, l => l.GetProperty("bucket").GetString() == "transferred_out" && l.GetProperty("kind").GetString() == "replenishment");
        Assert.All(lines, l => Assert.Contains(l.GetProperty("bucket").GetString(), BucketNames));

        var faults = answers.SelectMany(a => Misspelt(a.Value, a.Key)).ToArray();
        Assert.True(faults.Length == 0, string.Join("\n", faults));
    }

    [Fact]
    public async Task Refusals_name_states_and_kinds_as_the_api_spells_them()
    {
        var lot = await api.IssueLotAsync(Xincheng, QuotaKind.Replenishment, Replenishment(4, 2000, 0));
        var xincheng = api.County(Xincheng);
        var transfer = await xincheng.ProposeTransferAsync(Xincheng, Huimin, QuotaKind.Replenishment, Replenishment(1, 0, 0));
        await api.Prefecture(Hohhot).ApproveTransferAsync(transfer);

        var again = await (await api.Prefecture(Hohhot).PostJsonAsync($"{Transfers}/{transfer}/approve", new { Reason = "again" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        var foreign = await (await xincheng.PostJsonAsync(Transfers,
                TransferBody(Xincheng, Huimin, QuotaKind.LinkageSurplus, Area(1), lotIds: [lot])))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "kind-mismatch");

        var againDetail = again.GetProperty("detail").GetString()!;
        var foreignDetail = foreign.GetProperty("detail").GetString()!;
        Assert.Contains(" is approved ", againDetail);
        Assert.Contains("is replenishment quota", foreignDetail);
        Assert.Contains("not linkage_surplus quota", foreignDetail);
        var misspelt = new[] { againDetail, foreignDetail }.SelectMany(d => d.Split(' ', '.', ',')).Where(Misspellings.ContainsKey).ToArray();
        Assert.True(misspelt.Length == 0, $"misspelt: {string.Join(", ", misspelt)} in: {againDetail} / {foreignDetail}");
    }

    [Fact]
    public async Task A_lot_stored_with_the_old_spelling_of_its_land_source_is_served_in_the_api_spelling()
    {
        var lot = await api.IssueLotAsync(Huimin, QuotaKind.Replenishment, Replenishment(3, 1500, 0));
        // Lot documents made before provenance held a LandSource kept its C# name; events are never rewritten.
        await api.ScalarAsync<int>("""
            WITH changed AS (UPDATE mt_doc_lot SET data = jsonb_set(data, '{state,provenance,landSource}', '"FarmlandConsolidation"')
                             WHERE id = $1 RETURNING 1)
            SELECT count(*)::int FROM changed
            """, lot);

        var served = await api.County(Huimin).GetJsonAsync($"{Lots}/{lot}");

        Assert.Equal("farmland_consolidation", served.GetProperty("resource").GetProperty("provenance").GetProperty("landSource").GetString());
    }

    [Fact]
    public void Stored_events_are_read_in_either_spelling_of_a_land_source_and_written_in_the_api_one()
    {
        const string stored = """
            {"lotId":"0190a1b2-0000-7000-8000-000000000001","holder":"150102","kind":"replenishment",
             "amount":{"area":1,"grainCapacity":0,"paddyArea":0},
             "provenance":{"projectId":"0190a1b2-0000-7000-8000-000000000002","projectName":"p",
                           "applicationId":"0190a1b2-0000-7000-8000-000000000003","originCounty":"150102",
                           "landSource":"UnusedLand","qualityGrade":6}}
            """;

        var old = JsonSerializer.Deserialize<LotIssued>(stored, Json.Options)!;
        var rewritten = JsonSerializer.Serialize(old, Json.Options);

        Assert.Equal(LandSource.UnusedLand, old.Provenance.LandSource);
        Assert.Contains("\"landSource\":\"unused_land\"", rewritten);
        Assert.Equal(old.Provenance, JsonSerializer.Deserialize<LotIssued>(rewritten, Json.Options)!.Provenance);
    }

    [Fact]
    public void The_totals_name_each_bucket_as_the_bucket_is_spelt()
    {
        var names = Json.Options.GetTypeInfo(typeof(BucketTotals)).Properties.Where(p => p.Get is not null).Select(p => p.Name);

        Assert.Equal(BucketNames.Append("held").Order(), names.Order());
    }

    /// <summary>A county's lot on unused land, part of it transferred, linked and written off, frozen and lifted, deducted.</summary>
    /// <summary>A campaign with its sample, results, R5 decisions and a patrol's steps, in 阿拉善盟 (storage is suspended there after).</summary>
    [Fact]
    public async Task Inspection_campaigns_spell_enums_as_the_api_does()
    {
        const string alxaLeft = "152921";  // 阿拉善左旗
        var centre = api.Centre();
        var (project, _) = await api.StoredProjectAsync(alxaLeft, Replenishment(10, 5000, 1));
        var annual = await centre.CreateCampaignAsync(CampaignType.AnnualImageryCheck, [project]);
        await centre.SampleAllAsync(annual, [project]);
        await centre.RecordResultsAsync(annual, Abandoned(project, Replenishment(2, 0, 1)));
        var patrol = await centre.CreateCampaignAsync(CampaignType.MonthlySatellitePatrol, [project], "patrol");
        await (await api.Prefecture("152900").PostJsonAsync($"{Campaign(patrol)}/patrol/forwarding", null)).ReadAsync<CommandResult>();
        var answers = new Dictionary<string, JsonElement>
        {
            ["annual check"] = await centre.GetJsonAsync(Campaign(annual)),
            ["patrol"] = await api.County(alxaLeft).GetJsonAsync(Campaign(patrol)),
            ["campaigns"] = await api.Prefecture("152900").GetJsonAsync(Campaigns),
            ["overdue"] = await centre.GetJsonAsync($"{Campaigns}/overdue"),
        };

        Assert.Equal("annual_imagery_check", answers["annual check"].GetProperty("resource").GetProperty("type").GetString());
        Assert.Equal("abandonment", answers["annual check"].GetProperty("resource").GetProperty("results")[0].GetProperty("finding").GetString());
        Assert.Equal("county", answers["annual check"].GetProperty("resource").GetProperty("decisions")[0].GetProperty("level").GetString());
        var faults = answers.SelectMany(a => Misspelt(a.Value, a.Key)).ToArray();
        Assert.True(faults.Length == 0, string.Join("\n", faults));
    }

    private async Task<(Guid Parent, Guid Received)> StoryAsync()
    {
        var xincheng = api.County(Xincheng);
        var centre = api.Centre();
        var project = await xincheng.RegisterProjectAsync(Xincheng, QuotaKind.Replenishment, Replenishment(50, 25_000, 5), LandSource.UnusedLand);
        var application = await xincheng.SubmitStorageAsync(api, project, QuotaKind.Replenishment, Replenishment(50, 25_000, 5));
        var parent = await centre.ApproveStorageAsync(application);

        var transfer = await xincheng.ProposeTransferAsync(Xincheng, Huimin, QuotaKind.Replenishment, Replenishment(10, 5000, 1));
        await api.Prefecture(Hohhot).ApproveTransferAsync(transfer);
        var link = await xincheng.LinkAsync(Xincheng, QuotaKind.Replenishment, "HH-2026-101", Replenishment(5, 2000, 0));
        await xincheng.WriteOffAsync(link);
        await centre.LiftFreezeAsync(await centre.FreezeAsync(Xincheng, QuotaKind.Replenishment, null, null));
        await centre.DeductAsync(Xincheng, QuotaKind.Replenishment, Replenishment(2, 0, 0), "mine-2024-9");

        var lots = await api.County(Huimin).GetJsonAsync($"{Holder(Huimin)}/lots");
        return (parent, lots.GetProperty("items")[0].GetProperty("resource").GetProperty("id").GetGuid());
    }

    private async Task<JsonElement> TotalsWhenCaughtUpAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var totals = await api.Centre().GetJsonAsync("/api/v1/ledger/totals");
            var latest = totals.GetProperty("latestSequence").GetInt64();
            if (totals.GetProperty("progress").EnumerateArray().All(p => p.GetProperty("lastSequence").GetInt64() >= latest)) return totals;
            Assert.True(attempt < 200, $"the totals projection did not catch up with {latest}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every member name and text value that is another spelling of a domain enum value, with where it stands.</summary>
    private static IEnumerable<string> Misspelt(JsonElement element, string at)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (Misspellings.TryGetValue(member.Name, out var of)) yield return $"{at}: member {member.Name} spells {of}";
                    foreach (var fault in Misspelt(member.Value, $"{at}.{member.Name}")) yield return fault;
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    foreach (var fault in Misspelt(item, $"{at}[{index++}]")) yield return fault;
                break;
            case JsonValueKind.String when Misspellings.TryGetValue(element.GetString()!, out var of):
                yield return $"{at}: \"{element.GetString()}\" spells {of}";
                break;
        }
    }
}
