using CsvHelper;
using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Exports;

/// <summary>
/// Balances per holder, kind and bucket as they stood at <paramref name="AsOf"/> (the service's now when not given), of
/// one holder, or of every holder of the region the user may see. Each holder's figures are
/// <see cref="GetHolderBalances"/>'s; the JSON is the list of its answers.
/// </summary>
public sealed record ExportBalances(string Format = ExportFormat.Csv, string? Holder = null, DateTimeOffset? AsOf = null) : IQuery<ExportFile>;

/// <summary>One CSV line: a holder's bucket of one kind, in the three measures; <c>held</c> is available + frozen + reserved.</summary>
[CsvRecord]
public sealed partial record BalanceRow(
    [CsvColumn("持有者 holder")] string Holder,
    [CsvColumn("持有者名称 holder_name")] string HolderName,
    [CsvColumn("指标类型 kind")] string Kind,
    [CsvColumn("账目 bucket")] string Bucket,
    [CsvColumn("耕地面积(亩) area_mu")] decimal Area,
    [CsvColumn("粮食产能(公斤) grain_capacity_kg")] decimal GrainCapacity,
    [CsvColumn("水田面积(亩) paddy_area_mu")] decimal PaddyArea,
    [CsvColumn("截至 as_of"), CsvFormat(ExportFormat.Moment)] DateTimeOffset AsOf);

public sealed class ExportBalancesValidator : AbstractValidator<ExportBalances>
{
    public ExportBalancesValidator()
    {
        RuleFor(q => q.Format).KnownFormat();
        RuleFor(q => q.Holder!).KnownHolderOrBuyer().When(q => q.Holder is not null);
    }
}

public sealed class ExportBalancesHandler(IMediator mediator, RegionCatalog regions, TimeProvider clock, RequestContext context, AccessPolicy access)
    : IRequestHandler<ExportBalances, ExportFile>
{
    public async Task<ExportFile> Handle(ExportBalances query, CancellationToken ct)
    {
        // One moment for every holder, so that the file is a snapshot, not holders read one after another.
        var asOf = query.AsOf ?? clock.GetUtcNow();
        var holders = query.Holder is { } one
            ? [one]
            : regions.All.Select(r => r.Code).Where(code => access.CanSee(context.Actor, code)).Order(StringComparer.Ordinal).ToArray();
        var report = new List<HolderBalances>();
        foreach (var holder in holders) report.Add(await mediator.Send(new GetHolderBalances(holder, asOf), ct));

        return ExportFormat.Write<BalanceRow>(query.Format, $"balances-{query.Holder ?? "all"}-{ExportFormat.Stamp(asOf)}", report,
            () => report.SelectMany(h => h.Kinds.SelectMany(k => Buckets(k.Buckets).Select(b => new BalanceRow(
                h.Holder, regions.NameOf(h.Holder), Journal.KindName(k.Kind), b.Name, b.Amount.Area, b.Amount.GrainCapacity,
                b.Amount.PaddyArea, asOf)))));
    }

    /// <summary>The buckets as the JSON names them, with held after the three it sums.</summary>
    private static IEnumerable<(string Name, Measures Amount)> Buckets(BucketTotals b) =>
    [
        (Journal.BucketName(Bucket.Issued), b.Issued), (Journal.BucketName(Bucket.Received), b.Received),
        (Journal.BucketName(Bucket.Available), b.Available), (Journal.BucketName(Bucket.Frozen), b.Frozen),
        (Journal.BucketName(Bucket.Reserved), b.Reserved), ("held", b.Held), (Journal.BucketName(Bucket.Consumed), b.Consumed),
        (Journal.BucketName(Bucket.Deducted), b.Deducted), (Journal.BucketName(Bucket.Sold), b.Sold),
        (Journal.BucketName(Bucket.TransferredOut), b.TransferredOut),
    ];
}
