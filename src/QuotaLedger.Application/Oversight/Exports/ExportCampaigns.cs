using CsvHelper;
using FluentValidation;
using MediatR;
using QuotaLedger.Application.Oversight.Inspections;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Exports;

/// <summary>
/// Inspection campaigns (R5) as <see cref="ListInspectionCampaigns"/> lists them for the user, newest first, every page of
/// them; holder narrows them as it does there. The JSON is the list's items.
/// </summary>
public sealed record ExportCampaigns(string Format = ExportFormat.Csv, string? Holder = null) : IQuery<ExportFile>;

/// <summary>
/// One CSV line: a project on a campaign's problem list, with what imagery suspected, whether the field sample holds it,
/// what the field visit found, and the region whose R5 decision it counted towards (and the re-check that lifted it).
/// </summary>
[CsvRecord]
public sealed partial record CampaignRow(
    [CsvColumn("检查编号 campaign_id")] Guid CampaignId,
    [CsvColumn("检查类型 type")] string Type,
    [CsvColumn("检查类型名称 type_name")] string TypeName,
    [CsvColumn("标题 title")] string Title,
    [CsvColumn("开始日期 period_from"), CsvFormat(ExportFormat.Day)] DateOnly PeriodFrom,
    [CsvColumn("结束日期 period_to"), CsvFormat(ExportFormat.Day)] DateOnly PeriodTo,
    [CsvColumn("项目 project_id")] Guid ProjectId,
    [CsvColumn("旗县 county")] string County,
    [CsvColumn("旗县名称 county_name")] string CountyName,
    [CsvColumn("盟市 prefecture")] string Prefecture,
    [CsvColumn("盟市名称 prefecture_name")] string PrefectureName,
    [CsvColumn("疑似面积(亩) suspected_area_mu")] decimal SuspectedArea,
    [CsvColumn("问题类型 finding")] string Finding,
    [CsvColumn("问题类型名称 finding_name")] string FindingName,
    [CsvColumn("实地抽样 sample")] string Sample,
    [CsvColumn("实地核查结果 outcome")] string? Outcome,
    [CsvColumn("确认问题类型 confirmed_finding")] string? ConfirmedFinding,
    [CsvColumn("确认面积(亩) confirmed_area_mu")] decimal? ConfirmedArea,
    [CsvColumn("确认粮食产能(公斤) confirmed_grain_capacity_kg")] decimal? ConfirmedGrainCapacity,
    [CsvColumn("确认水田面积(亩) confirmed_paddy_area_mu")] decimal? ConfirmedPaddyArea,
    [CsvColumn("冻结地区 frozen_region")] string? FrozenRegion,
    [CsvColumn("整改复核 recheck_id")] Guid? RecheckId);

public sealed class ExportCampaignsValidator : AbstractValidator<ExportCampaigns>
{
    public ExportCampaignsValidator()
    {
        RuleFor(q => q.Format).KnownFormat();
        RuleFor(q => q.Holder!).KnownHolder().When(q => q.Holder is not null);
    }
}

public sealed class ExportCampaignsHandler(IMediator mediator, RegionCatalog regions, TimeProvider clock) : IRequestHandler<ExportCampaigns, ExportFile>
{
    /// <summary>The Chinese names of the campaign types and findings, as F-2023 and the issue call them.</summary>
    private static readonly Dictionary<CampaignType, string> TypeNames = new()
    {
        [CampaignType.AnnualImageryCheck] = "年度卫片核查",
        [CampaignType.MonthlySatellitePatrol] = "月度卫片巡查",
        [CampaignType.SpecialSweep] = "专项排查",
    };

    private static readonly Dictionary<FindingCode, string> FindingNames = new()
    {
        [FindingCode.Abandonment] = "撂荒",
        [FindingCode.NonFarmUse] = "非农化",
        [FindingCode.NonGrainUse] = "非粮化",
        [FindingCode.PaddyRevertedToDryLand] = "水田返旱",
    };

    public async Task<ExportFile> Handle(ExportCampaigns query, CancellationToken ct)
    {
        var campaigns = new List<ResourceView<InspectionCampaign>>();
        for (var offset = 0; ; offset += ListQueryRules.MaxLimit)
        {
            var page = await mediator.Send(new ListInspectionCampaigns(query.Holder, ListQueryRules.MaxLimit, offset), ct);
            campaigns.AddRange(page.Items);
            if (page.Items.Count < ListQueryRules.MaxLimit) break;
        }
        return ExportFormat.Write(query.Format, $"campaigns-{query.Holder ?? "all"}-{ExportFormat.Stamp(clock.GetUtcNow())}", campaigns,
            () => campaigns.SelectMany(v => Rows(v.Resource)));
    }

    private IEnumerable<CampaignRow> Rows(InspectionCampaign c) => c.Problems.Select(p =>
    {
        var prefecture = regions.PrefectureOf(p.County) ?? "";
        var sample = c.Sample switch
        {
            { } s when s.Drawn.Contains(p.ProjectId) => "drawn",
            { } s when s.AddedByHand.Contains(p.ProjectId) => "added_by_hand",
            _ => "",
        };
        var result = c.Results.LastOrDefault(r => r.ProjectId == p.ProjectId);
        var decision = c.Decisions.LastOrDefault(d => d.ProjectIds.Contains(p.ProjectId));
        return new CampaignRow(c.Id, Spelling.Of(c.Type), TypeNames[c.Type], c.Title, c.Period.From, c.Period.To, p.ProjectId, p.County,
            regions.NameOf(p.County), prefecture, regions.NameOf(prefecture), p.SuspectedArea, Spelling.Of(p.Finding), FindingNames[p.Finding],
            sample, result is null ? null : Spelling.Of(result.Outcome), result?.Finding is { } found ? Spelling.Of(found) : null,
            result?.Confirmed.Area, result?.Confirmed.GrainCapacity, result?.Confirmed.PaddyArea, decision?.RegionCode, decision?.RecheckId);
    });
}
