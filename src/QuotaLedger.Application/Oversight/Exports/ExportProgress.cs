using CsvHelper;
using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Oversight.Progress;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Progress;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Exports;

/// <summary>
/// Plan progress (R10) as <see cref="GetPlanProgress"/> reports it, for the same period, kind, prefecture and moment; the
/// JSON is its answer. The report's own validator names its fields (period, kind, prefecture).
/// </summary>
public sealed record ExportProgress(string Period, string Format = ExportFormat.Csv, string? Kind = null, string? Prefecture = null,
    DateTimeOffset? AsOf = null) : IQuery<ExportFile>;

/// <summary>
/// One CSV line: a prefecture's progress of a kind (its target, what it issued, the percentage), each county behind it
/// (what it issued), and the totals of the report, told apart by the level.
/// </summary>
[CsvRecord]
public sealed partial record ProgressRow(
    [CsvColumn("层级 level")] string Level,
    [CsvColumn("代码 code")] string Code,
    [CsvColumn("名称 name")] string Name,
    [CsvColumn("所属盟市 prefecture")] string Prefecture,
    [CsvColumn("指标类型 kind")] string Kind,
    [CsvColumn("规划期 period")] string Period,
    [CsvColumn("目标面积(亩) target_mu")] decimal? Target,
    [CsvColumn("已入库耕地面积(亩) issued_area_mu")] decimal Area,
    [CsvColumn("已入库粮食产能(公斤) issued_grain_capacity_kg")] decimal GrainCapacity,
    [CsvColumn("已入库水田面积(亩) issued_paddy_area_mu")] decimal PaddyArea,
    [CsvColumn("完成率(%) percent")] decimal? Percent,
    [CsvColumn("截至 as_of"), CsvFormat(ExportFormat.Moment)] DateTimeOffset AsOf);

public sealed class ExportProgressValidator : AbstractValidator<ExportProgress>
{
    public ExportProgressValidator() => RuleFor(q => q.Format).KnownFormat();
}

public sealed class ExportProgressHandler(IMediator mediator, RegionCatalog regions) : IRequestHandler<ExportProgress, ExportFile>
{
    public async Task<ExportFile> Handle(ExportProgress query, CancellationToken ct)
    {
        var report = await mediator.Send(new GetPlanProgress(query.Period, query.Kind, query.Prefecture, query.AsOf), ct);
        return ExportFormat.Write(query.Format, $"progress-{report.Period}-{report.Scope}-{ExportFormat.Stamp(report.AsOf)}", report,
            () => Rows(report));
    }

    private IEnumerable<ProgressRow> Rows(PlanProgress report)
    {
        foreach (var p in report.Prefectures)
        {
            var kind = Journal.KindName(p.Kind);
            yield return new ProgressRow("prefecture", p.Prefecture, regions.NameOf(p.Prefecture), p.Prefecture, kind, report.Period, p.Target, p.Issued.Area,
                p.Issued.GrainCapacity, p.Issued.PaddyArea, p.Percent, report.AsOf);
            foreach (var c in p.Counties)
                yield return new ProgressRow("county", c.County, regions.NameOf(c.County), p.Prefecture, kind, report.Period, null, c.Issued.Area,
                    c.Issued.GrainCapacity, c.Issued.PaddyArea, null, report.AsOf);
        }
        foreach (var t in report.Totals)
            yield return new ProgressRow("total", report.Scope, regions.NameOf(report.Scope), "", Journal.KindName(t.Kind), report.Period, t.Target,
                t.Issued.Area, t.Issued.GrainCapacity, t.Issued.PaddyArea, t.Percent, report.AsOf);
    }
}
