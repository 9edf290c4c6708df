using CsvHelper;
using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Exports;

/// <summary>
/// A holder's movements between <paramref name="From"/> and <paramref name="To"/> (both inclusive; to is the service's
/// now when not given): every line of its account statement, <see cref="GetHolderHistory"/>, newest first. The JSON is
/// the list of its lines.
/// </summary>
public sealed record ExportMovements(string Holder, string Format = ExportFormat.Csv, DateTimeOffset? From = null, DateTimeOffset? To = null)
    : IQuery<ExportFile>;

/// <summary>
/// One CSV line: a journal line, the change of one bucket of one lot by one event. The lot is the stream the event is
/// in; the operation is the transfer, link, freeze or deduction it belongs to.
/// </summary>
[CsvRecord]
public sealed partial record MovementRow(
    [CsvColumn("序号 sequence")] long Sequence,
    [CsvColumn("时间 timestamp"), CsvFormat(ExportFormat.Moment)] DateTimeOffset Timestamp,
    [CsvColumn("持有者 holder")] string Holder,
    [CsvColumn("持有者名称 holder_name")] string HolderName,
    [CsvColumn("事件类型 event_type")] string EventType,
    [CsvColumn("批次(事件流) lot_stream")] Guid Lot,
    [CsvColumn("指标类型 kind")] string Kind,
    [CsvColumn("账目 bucket")] string Bucket,
    [CsvColumn("耕地面积(亩) area_mu")] decimal Area,
    [CsvColumn("粮食产能(公斤) grain_capacity_kg")] decimal GrainCapacity,
    [CsvColumn("水田面积(亩) paddy_area_mu")] decimal PaddyArea,
    [CsvColumn("所属业务 operation")] Guid? Operation,
    [CsvColumn("操作人 actor")] string Actor,
    [CsvColumn("机构 organisation")] string Organisation,
    [CsvColumn("机构名称 organisation_name")] string OrganisationName,
    [CsvColumn("理由 reason")] string? Reason,
    [CsvColumn("关联号 correlation_id")] Guid CorrelationId);

public sealed class ExportMovementsValidator : AbstractValidator<ExportMovements>
{
    public ExportMovementsValidator()
    {
        RuleFor(q => q.Format).KnownFormat();
        RuleFor(q => q.Holder).KnownHolderOrBuyer();
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must not lie before 'from'.");
    }
}

public sealed class ExportMovementsHandler(IMediator mediator, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<ExportMovements, ExportFile>
{
    public async Task<ExportFile> Handle(ExportMovements query, CancellationToken ct)
    {
        // The end is fixed before the first page, so that lines recorded while the pages are read do not shift them.
        var to = query.To ?? clock.GetUtcNow();
        var lines = new List<HolderHistoryLine>();
        for (var offset = 0; ; offset += ListQueryRules.MaxLimit)
        {
            var page = await mediator.Send(new GetHolderHistory(query.Holder, query.From, to, ListQueryRules.MaxLimit, offset), ct);
            lines.AddRange(page.Items);
            if (page.Items.Count < ListQueryRules.MaxLimit) break;
        }

        var period = $"{(query.From is { } from ? ExportFormat.Stamp(from) : "start")}-{ExportFormat.Stamp(to)}";
        return ExportFormat.Write<MovementRow>(query.Format, $"movements-{query.Holder}-{period}", lines,
            () => lines.Select(l => new MovementRow(
                l.Sequence, l.Timestamp, query.Holder, regions.NameOf(query.Holder), l.EventType, l.LotId, Journal.KindName(l.Kind),
                Journal.BucketName(l.Bucket), l.Change.Area, l.Change.GrainCapacity, l.Change.PaddyArea, l.OperationId, l.Actor,
                l.Organisation, regions.NameOf(l.Organisation), l.Reason, l.CorrelationId)));
    }
}
