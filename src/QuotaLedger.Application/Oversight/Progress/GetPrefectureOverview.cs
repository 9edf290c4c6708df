using FluentValidation;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Oversight.PlanTargets;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Progress;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Progress;

/// <summary>
/// What a prefecture sees of its area: its own holding beside its counties' together (balances as the holders' balances
/// show them, and the lots that hold quota), each county's balances, and its plan progress for a period, all as of one
/// moment (now without one). For the prefecture's users and the centre.
/// </summary>
public sealed record GetPrefectureOverview(string Prefecture, string Period, DateTimeOffset? AsOf = null) : IQuery<PrefectureOverview>;

/// <param name="Own">The prefecture's own holding, as <c>GET /api/v1/holders/{code}/balances</c> shows it.</param>
/// <param name="Counties">Its counties' balances together, per kind: bucket by bucket, the sum of <paramref name="CountyBalances"/>.</param>
/// <param name="CountyBalances">Each county's balances, by code.</param>
/// <param name="Lots">Per kind, how many lots hold quota (available, frozen or reserved), the prefecture's own and its counties'.</param>
public sealed record PrefectureOverview(
    [RegionCode] string Prefecture,
    DateTimeOffset AsOf,
    HolderBalances Own,
    IReadOnlyList<HolderKindBalance> Counties,
    IReadOnlyList<HolderBalances> CountyBalances,
    IReadOnlyList<HeldLots> Lots,
    PlanProgress Progress);

public sealed record HeldLots(QuotaKind Kind, int Own, int Counties);

public sealed class GetPrefectureOverviewValidator : AbstractValidator<GetPrefectureOverview>
{
    public GetPrefectureOverviewValidator()
    {
        RuleFor(q => q.Prefecture).Prefecture();
        RuleFor(q => q.Period).PlanPeriod();
    }
}

public sealed class GetPrefectureOverviewHandler(
    IMediator mediator, NpgsqlDataSource dataSource, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<GetPrefectureOverview, PrefectureOverview>
{
    public async Task<PrefectureOverview> Handle(GetPrefectureOverview query, CancellationToken ct)
    {
        access.RequireSee(context.Actor, query.Prefecture);
        var asOf = query.AsOf ?? clock.GetUtcNow();
        var counties = regions.All.Where(r => r.ParentCode == query.Prefecture && r.Level == RegionLevel.County)
            .Select(r => r.Code).Order(StringComparer.Ordinal).ToArray();

        // The ledger's own balance query, once per holder, all as of the same moment.
        var own = await mediator.Send(new GetHolderBalances(query.Prefecture, asOf), ct);
        var countyBalances = new List<HolderBalances>();
        foreach (var county in counties) countyBalances.Add(await mediator.Send(new GetHolderBalances(county, asOf), ct));
        var together = Enum.GetValues<QuotaKind>().Select(kind => new HolderKindBalance(kind,
            countyBalances.Select(b => b.Kinds.Single(k => k.Kind == kind).Buckets).Aggregate(BucketTotals.From(new Dictionary<string, Measures>()), Add)))
            .ToArray();

        var lots = await HeldLotsAsync(query.Prefecture, counties, asOf, ct);
        var progress = await mediator.Send(new GetPlanProgress(query.Period, Prefecture: query.Prefecture, AsOf: asOf), ct);
        return new PrefectureOverview(query.Prefecture, asOf, own, together, countyBalances, lots, progress);
    }

    private static BucketTotals Add(BucketTotals a, BucketTotals b) => new(
        a.Issued + b.Issued, a.Received + b.Received, a.Available + b.Available, a.Frozen + b.Frozen, a.Reserved + b.Reserved,
        a.Consumed + b.Consumed, a.Deducted + b.Deducted, a.Sold + b.Sold, a.TransferredOut + b.TransferredOut);

    /// <summary>Lots whose held buckets (available, frozen, reserved) are not all zero at the moment, from the ledger's journal.</summary>
    private async Task<IReadOnlyList<HeldLots>> HeldLotsAsync(string prefecture, string[] counties, DateTimeOffset asOf, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT kind, holder = $1, count(*) FROM (
                SELECT holder, kind, lot_id FROM ql_journal
                WHERE holder = ANY($2) AND timestamp <= $3 AND bucket = ANY($4)
                GROUP BY holder, kind, lot_id
                HAVING sum(area) <> 0 OR sum(grain) <> 0 OR sum(paddy) <> 0) held
            GROUP BY kind, holder = $1
            """, connection);
        cmd.Parameters.AddWithValue(prefecture);
        cmd.Parameters.AddWithValue(counties.Append(prefecture).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { Value = asOf.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(new[] { Bucket.Available, Bucket.Frozen, Bucket.Reserved }.Select(Journal.BucketName).ToArray());
        var counts = new Dictionary<(string Kind, bool Own), int>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counts[(reader.GetString(0), reader.GetBoolean(1))] = (int)reader.GetInt64(2);
        return Enum.GetValues<QuotaKind>().Select(k => new HeldLots(k,
            counts.GetValueOrDefault((Journal.KindName(k), true)), counts.GetValueOrDefault((Journal.KindName(k), false)))).ToArray();
    }
}
