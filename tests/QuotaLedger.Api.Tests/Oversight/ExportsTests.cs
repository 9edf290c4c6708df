using System.Net;
using System.Text.Json;
using CsvHelper;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Oversight.Exports;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using static QuotaLedger.Api.Tests.Oversight.AuditSteps;
using static QuotaLedger.Api.Tests.Oversight.InspectionSteps;
using static QuotaLedger.Api.Tests.Oversight.PlanProgressSteps;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// Exports as a spreadsheet user opens them (the CSV read back with CsvHelper: byte order mark, Chinese headers, Chinese
/// names) and as a program reads them (the JSON is the report's own answer).
/// </summary>
public sealed class ExportsTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Tumed = "150121", Tuoketuo = "150122", Hohhot = "150100";

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The file an export answers, after checking its media type and file name.</summary>
    private static async Task<byte[]> DownloadAsync(HttpClient client, string url, string contentType, string fileStart)
    {
        var response = await client.GetAsync(url);
        var content = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(content)}");
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.StartsWith(fileStart, disposition.FileName);
        return content;
    }

    private static (IReadOnlyList<string> Headers, List<T> Rows) ReadCsv<T>(byte[] file)
    {
        using var reader = CsvReader.Create(file);
        var rows = reader.GetRecords<T>().ToList();
        return (reader.Headers.ToArray(), rows);
    }

    [Fact]
    public async Task A_balances_CSV_opens_with_its_Chinese_headers_and_names_intact()
    {
        await api.IssueLotAsync(Tumed, QuotaKind.Replenishment, Replenishment(12.5m, 800, 3));

        var file = await DownloadAsync(api.Centre(), $"{Exports}/balances?format=csv&holder={Tumed}", "text/csv; charset=utf-8", $"balances-{Tumed}-");

        Assert.Equal(Bom, file[..3]);
        var (headers, rows) = ReadCsv<BalanceRow>(file);
        Assert.Equal(["持有者 holder", "持有者名称 holder_name", "指标类型 kind", "账目 bucket", "耕地面积(亩) area_mu",
            "粮食产能(公斤) grain_capacity_kg", "水田面积(亩) paddy_area_mu", "截至 as_of"], headers);
        Assert.All(rows, r => Assert.Equal((Tumed, "土默特左旗"), (r.Holder, r.HolderName)));
        var available = Assert.Single(rows, r => r.Kind == "replenishment" && r.Bucket == "available");
        Assert.Equal((12.5m, 800m, 3m), (available.Area, available.GrainCapacity, available.PaddyArea));
        Assert.Equal(api.Clock.Now, available.AsOf);
        Assert.Equal(2 * 10, rows.Count);
    }

    [Fact]
    public async Task The_balances_JSON_is_the_balances_report_of_each_holder_at_the_same_moment()
    {
        await api.IssueLotAsync(Tuoketuo, QuotaKind.LinkageSurplus, Area(9));
        var asOf = api.Clock.Now;
        api.Clock.Advance(TimeSpan.FromHours(1));
        await api.IssueLotAsync(Tuoketuo, QuotaKind.LinkageSurplus, Area(1));

        var file = await DownloadAsync(api.Centre(), $"{Exports}/balances?format=json&holder={Tuoketuo}&asOf={At(asOf)}", "application/json",
            $"balances-{Tuoketuo}-");

        var report = await api.Centre().GetJsonAsync($"{Holder(Tuoketuo)}/balances?asOf={At(asOf)}");
        var exported = JsonSerializer.Deserialize<JsonElement>(file);
        Assert.True(JsonElement.DeepEquals(report, exported.EnumerateArray().Single()), $"{report}\n{exported}");
        Assert.Equal(9m, JsonSerializer.Deserialize<HolderBalances[]>(file, Json.Options)!.Single().Kinds
            .Single(k => k.Kind == QuotaKind.LinkageSurplus).Buckets.Available.Area);
    }

    [Fact]
    public async Task All_balances_are_those_of_the_holders_the_user_may_see()
    {
        var everyone = ReadCsv<BalanceRow>(await DownloadAsync(api.Centre(), $"{Exports}/balances", "text/csv; charset=utf-8", "balances-all-")).Rows;
        Assert.Equal(RegionCatalog.InnerMongolia.All.Select(r => r.Code).Order(StringComparer.Ordinal), everyone.Select(r => r.Holder).Distinct());
        Assert.Contains(everyone, r => r.Holder == RegionCatalog.RegionCode && r.HolderName == "内蒙古自治区");

        var prefecture = ReadCsv<BalanceRow>(await DownloadAsync(api.Prefecture(Hohhot), $"{Exports}/balances", "text/csv; charset=utf-8", "balances-all-")).Rows;
        Assert.Equal(RegionCatalog.InnerMongolia.All.Where(r => RegionCatalog.InnerMongolia.IsWithin(r.Code, Hohhot)).Select(r => r.Code).Order(StringComparer.Ordinal),
            prefecture.Select(r => r.Holder).Distinct());
        Assert.Contains(prefecture, r => r.Holder == Hohhot && r.HolderName == "呼和浩特市");
    }

    [Fact]
    public async Task Movements_in_a_date_range_are_the_holders_journal_lines_of_that_range()
    {
        const string county = "150123";
        var lot = await api.IssueLotAsync(county, QuotaKind.Replenishment, Replenishment(20, 1000, 4));
        var from = api.Clock.Advance(TimeSpan.FromDays(1));
        var freeze = await api.Centre().FreezeAsync(county, QuotaKind.Replenishment, lot, Replenishment(2, 100, 0));
        var to = api.Clock.Advance(TimeSpan.FromDays(1));
        await api.Centre().LiftFreezeAsync(freeze);
        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.Centre().DeductAsync(county, QuotaKind.Replenishment, Area(1), "commitment 2026-07");

        var range = $"holder={county}&from={At(from)}&to={At(to)}";
        var csv = await DownloadAsync(api.Centre(), $"{Exports}/movements?{range}", "text/csv; charset=utf-8", $"movements-{county}-");
        var json = await DownloadAsync(api.Centre(), $"{Exports}/movements?format=json&{range}", "application/json", $"movements-{county}-");

        Assert.Equal(Bom, csv[..3]);
        var (headers, rows) = ReadCsv<MovementRow>(csv);
        Assert.Contains("批次(事件流) lot_stream", headers);
        Assert.Contains("机构名称 organisation_name", headers);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.InRange(r.Timestamp, from, to));
        Assert.All(rows, r => Assert.Equal((county, "和林格尔县", lot, freeze), (r.Holder, r.HolderName, r.Lot, r.Operation!.Value)));
        Assert.Equal(["lot_quota_frozen", "lot_quota_unfrozen"], rows.Select(r => r.EventType).Distinct().Order());
        Assert.All(rows, r => Assert.Equal("内蒙古自治区", r.OrganisationName));
        var frozen = Assert.Single(rows, r => r is { EventType: "lot_quota_frozen", Bucket: "frozen" });
        Assert.Equal((2m, 100m, 0m), (frozen.Area, frozen.GrainCapacity, frozen.PaddyArea));

        var history = await api.Centre().GetJsonAsync($"{Holder(county)}/history?{range.Replace($"holder={county}&", "")}&limit=500");
        Assert.True(JsonElement.DeepEquals(history.GetProperty("items"), JsonSerializer.Deserialize<JsonElement>(json)));
        Assert.Equal(rows.Select(r => r.Sequence), JsonSerializer.Deserialize<HolderHistoryLine[]>(json, Json.Options)!.Select(l => l.Sequence));
    }

    [Fact]
    public async Task A_reason_a_spreadsheet_would_run_as_a_formula_is_written_as_text()
    {
        const string county = "150124";
        var lot = await api.IssueLotAsync(county, QuotaKind.LinkageSurplus, Area(3));
        await api.Centre().FreezeAsync(county, QuotaKind.LinkageSurplus, lot, Area(1), reason: "=HYPERLINK(\"http://example.com\")");

        var rows = ReadCsv<MovementRow>(await DownloadAsync(api.Centre(), $"{Exports}/movements?holder={county}", "text/csv; charset=utf-8",
            $"movements-{county}-")).Rows;

        Assert.Contains(rows, r => r.Reason == "'=HYPERLINK(\"http://example.com\")");
        Assert.DoesNotContain(rows, r => r.Reason?.StartsWith('=') == true);
    }

    [Fact]
    public async Task A_user_exports_only_what_it_may_see()
    {
        await (await api.County(Tumed).GetAsync($"{Exports}/movements?holder={Tuoketuo}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.County(Tumed).GetAsync($"{Exports}/balances?holder={Tuoketuo}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Prefecture("150200").GetAsync($"{Exports}/balances?holder={Tumed}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var own = ReadCsv<BalanceRow>(await DownloadAsync(api.County(Tumed), $"{Exports}/balances", "text/csv; charset=utf-8", "balances-all-")).Rows;
        Assert.Equal([Tumed], own.Select(r => r.Holder).Distinct());
    }

    [Fact]
    public async Task The_progress_CSV_has_each_prefecture_its_counties_and_the_total_in_Chinese_and_the_JSON_is_the_progress_report()
    {
        const string baotou = "150200", donghe = "150202";
        await api.IssueAcceptedOnAsync(donghe, QuotaKind.LinkageSurplus, Area(120), new DateOnly(2022, 5, 1));
        var query = $"period=2022&kind=linkage_surplus&prefecture={baotou}&asOf={At(api.Clock.Now)}";

        var csv = await DownloadAsync(api.Prefecture(baotou), $"{Exports}/progress?{query}", "text/csv; charset=utf-8", $"progress-2022-{baotou}-");
        var json = await DownloadAsync(api.Prefecture(baotou), $"{Exports}/progress?format=json&{query}", "application/json", $"progress-2022-{baotou}-");

        var report = await api.Prefecture(baotou).GetJsonAsync($"{Progress}?{query}");
        Assert.True(JsonElement.DeepEquals(report, JsonSerializer.Deserialize<JsonElement>(json)), $"{report}");
        Assert.Equal(Bom, csv[..3]);
        var (headers, rows) = ReadCsv<ProgressRow>(csv);
        Assert.Equal(["层级 level", "代码 code", "名称 name", "所属盟市 prefecture", "指标类型 kind", "规划期 period", "目标面积(亩) target_mu",
            "已入库耕地面积(亩) issued_area_mu", "已入库粮食产能(公斤) issued_grain_capacity_kg", "已入库水田面积(亩) issued_paddy_area_mu",
            "完成率(%) percent", "截至 as_of"], headers);
        var prefecture = Assert.Single(rows, r => r.Level == "prefecture");
        var row = report.GetProperty("prefectures")[0];
        Assert.Equal((baotou, "包头市", "linkage_surplus", "2022"), (prefecture.Code, prefecture.Name, prefecture.Kind, prefecture.Period));
        // Annex 3 gives 包头市 500 mu of linkage surplus for 2022.
        Assert.Equal((500m, 120m, 24m), (prefecture.Target!.Value, prefecture.Area, prefecture.Percent!.Value));
        Assert.Equal((row.GetProperty("target").GetDecimal(), row.GetProperty("percent").GetDecimal()), (prefecture.Target.Value, prefecture.Percent.Value));
        var county = Assert.Single(rows, r => r.Level == "county");
        Assert.Equal((donghe, "东河区", baotou, 120m, (decimal?)null, (decimal?)null), (county.Code, county.Name, county.Prefecture, county.Area,
            county.Target, county.Percent));
        var total = Assert.Single(rows, r => r.Level == "total");
        Assert.Equal((baotou, "包头市", 120m), (total.Code, total.Name, total.Area));
    }

    [Fact]
    public async Task The_campaigns_CSV_has_a_line_per_suspect_project_with_its_sample_and_result_and_the_JSON_is_the_campaign_list()
    {
        const string county = "150204";  // 青山区, of 包头市
        var (abandoned, _) = await api.StoredProjectAsync(county, Replenishment(40, 2000, 0));
        var (cleared, _) = await api.StoredProjectAsync(county, Replenishment(60, 3000, 0));
        var centre = api.Centre();
        var id = await centre.CreateCampaignAsync(CampaignType.AnnualImageryCheck, [abandoned, cleared], "2025 年度卫片核查 包头市");
        await centre.SampleAllAsync(id, [abandoned, cleared]);
        await centre.RecordResultsAsync(id, Abandoned(abandoned, Replenishment(10, 500, 0)), Cleared(cleared));

        var csv = await DownloadAsync(centre, $"{Exports}/campaigns?holder={county}", "text/csv; charset=utf-8", $"campaigns-{county}-");
        var json = await DownloadAsync(centre, $"{Exports}/campaigns?holder={county}&format=json", "application/json", $"campaigns-{county}-");

        var list = await centre.GetJsonAsync($"{InspectionSteps.Campaigns}?holder={county}&limit=500");
        Assert.True(JsonElement.DeepEquals(list.GetProperty("items"), JsonSerializer.Deserialize<JsonElement>(json)));
        Assert.Equal(Bom, csv[..3]);
        var (headers, rows) = ReadCsv<CampaignRow>(csv);
        Assert.Contains("问题类型 finding", headers);
        Assert.Contains("旗县名称 county_name", headers);
        var mine = rows.Where(r => r.CampaignId == id).ToArray();
        Assert.Equal(2, mine.Length);
        Assert.All(mine, r => Assert.Equal(("annual_imagery_check", "年度卫片核查", "2025 年度卫片核查 包头市", county, "青山区", "150200", "包头市", "撂荒"),
            (r.Type, r.TypeName, r.Title, r.County, r.CountyName, r.Prefecture, r.PrefectureName, r.FindingName)));
        Assert.All(mine, r => Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), (r.PeriodFrom, r.PeriodTo)));
        Assert.All(mine, r => Assert.NotEqual("", r.Sample));
        var found = Assert.Single(mine, r => r.ProjectId == abandoned);
        Assert.Equal(("confirmed", "abandonment", 10m, 500m), (found.Outcome, found.ConfirmedFinding, found.ConfirmedArea, found.ConfirmedGrainCapacity));
        Assert.Equal(county, found.FrozenRegion);
        var fine = Assert.Single(mine, r => r.ProjectId == cleared);
        // An empty field reads back as an empty string; a cleared project was confirmed over nothing.
        Assert.Equal(("cleared", "", "", 0m), (fine.Outcome, fine.ConfirmedFinding, fine.FrozenRegion, fine.ConfirmedArea));
    }

    [Theory]
    [InlineData("progress?kind=replenishment", "period")]
    [InlineData("progress?period=2022&format=txt", "format")]
    [InlineData("campaigns?holder=000000", "holder")]
    [InlineData("balances?format=xlsx", "format")]
    [InlineData("balances?holder=159999", "holder")]
    [InlineData("movements?format=json", "holder")]
    [InlineData("movements?holder=150121&format=pdf", "format")]
    [InlineData("movements?holder=150121&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    public async Task A_bad_export_request_is_refused_naming_the_field(string query, string field) =>
        await (await api.Centre().GetAsync($"{Exports}/{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", field);
}
