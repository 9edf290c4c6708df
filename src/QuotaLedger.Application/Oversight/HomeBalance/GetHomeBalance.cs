using FluentValidation;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.HomeBalance;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.HomeBalance;

/// <summary>
/// R6 (balance first at home): how much of each county's consumption of a kind was met from its own quota, from its
/// prefecture's, from the region's pool and from other prefectures', for a county, a prefecture's counties, or every
/// county of the region (without either: the user's own). Consumption is what links wrote off (核销) net of write-offs
/// reversed, each dated when it was recorded: in the <paramref name="Year"/>, or from <paramref name="From"/> to
/// <paramref name="To"/> (UTC days, both included; open when left out); as the ledger stood at <paramref name="AsOf"/>
/// when given.
/// </summary>
public sealed record GetHomeBalance(
    string? County = null,
    string? Prefecture = null,
    QuotaKind Kind = QuotaKind.Replenishment,
    int? Year = null,
    DateOnly? From = null,
    DateOnly? To = null,
    DateTimeOffset? AsOf = null) : IQuery<HomeBalanceReport>;

/// <param name="Scope">The county, prefecture or region (150000) the report is for.</param>
/// <param name="From">The first day counted; null when open.</param>
/// <param name="To">The last day counted; null when open.</param>
/// <param name="Counties">Every county of the scope, by code, those that consumed nothing with zeros.</param>
/// <param name="Total">All the scope's counties together.</param>
public sealed record HomeBalanceReport(
    string Scope, QuotaKind Kind, DateOnly? From, DateOnly? To, DateTimeOffset? AsOf, IReadOnlyList<CountyHomeBalance> Counties,
    HomeBalanceTotals Total);

/// <summary>One county's consumption by where it was met from; <c>consumed</c> is the four together.</summary>
public sealed record CountyHomeBalance([RegionCode] string County, [RegionCode] string Prefecture, HomeBalanceTotals Consumption);

public sealed class GetHomeBalanceValidator : AbstractValidator<GetHomeBalance>
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    public GetHomeBalanceValidator()
    {
        RuleFor(q => q.County!).KnownCounty().When(q => q.County is not null);
        RuleFor(q => q.Prefecture!).Must(p => RegionCatalog.InnerMongolia.Find(p)?.Level == RegionLevel.Prefecture)
            .WithMessage("'{PropertyValue}' is not a prefecture code of Inner Mongolia (GB/T 2260).").When(q => q.Prefecture is not null);
        RuleFor(q => q.Prefecture).Null().When(q => q.County is not null).WithMessage("A report is of a county or of a prefecture, not both.");
        RuleFor(q => q.Kind).IsInEnum();
        RuleFor(q => q.Year).InclusiveBetween(FirstYear, LastYear);
        RuleFor(q => q.From).Null().When(q => q.Year is not null).WithMessage("A period is a year or a range of days (from, to), not both.");
        RuleFor(q => q.To).Null().When(q => q.Year is not null).WithMessage("A period is a year or a range of days (from, to), not both.");
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must not lie before 'from'.");
    }
}

public sealed class GetHomeBalanceHandler(NpgsqlDataSource dataSource, RegionCatalog regions, RequestContext context, AccessPolicy access)
    : IRequestHandler<GetHomeBalance, HomeBalanceReport>
{
    public async Task<HomeBalanceReport> Handle(GetHomeBalance query, CancellationToken ct)
    {
        var scope = query.County ?? query.Prefecture ?? OwnScope(context.Actor);
        access.RequireSee(context.Actor, scope);
        var counties = regions.All.Where(r => r.Level == RegionLevel.County && regions.IsWithin(r.Code, scope))
            .OrderBy(r => r.Code, StringComparer.Ordinal).ToArray();
        var (from, to) = query.Year is { } year ? (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)) : (query.From, query.To);

        var consumed = await ConsumedLotsAsync(counties.Select(c => c.Code).ToArray(), query.Kind, from, to, query.AsOf, ct);
        var lines = counties.Select(c => new CountyHomeBalance(c.Code, c.ParentCode!,
            HomeBalanceRule.Tally(c.Code, consumed.GetValueOrDefault(c.Code) ?? [], regions))).ToArray();
        return new HomeBalanceReport(scope, query.Kind, from, to, query.AsOf, lines,
            lines.Aggregate(HomeBalanceTotals.Zero, (total, line) => total + line.Consumption));
    }

    /// <summary>
    /// Per county, each lot it consumed from in the period with the net amount (the journal's <c>consumed</c> bucket: a
    /// write-off adds to it, a reversed write-off takes away) and the holders of the lots it was split from, found by
    /// following the lot routes' parents.
    /// </summary>
    private async Task<Dictionary<string, List<ConsumedLot>>> ConsumedLotsAsync(
        string[] counties, QuotaKind kind, DateOnly? from, DateOnly? to, DateTimeOffset? asOf, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            WITH RECURSIVE consumed AS (
                SELECT j.holder, j.lot_id, sum(j.area) AS area, sum(j.grain) AS grain, sum(j.paddy) AS paddy
                FROM ql_journal j
                WHERE j.holder = ANY($1) AND j.kind = $2 AND j.bucket = $3
                  AND ($4::timestamptz IS NULL OR j.timestamp >= $4) AND ($5::timestamptz IS NULL OR j.timestamp < $5)
                  AND ($6::timestamptz IS NULL OR j.timestamp <= $6)
                GROUP BY j.holder, j.lot_id
            ), route AS (
                SELECT r.lot_id AS consumed_lot, r.holder, r.parent_lot_id
                FROM ql_lot_routes r WHERE r.lot_id IN (SELECT lot_id FROM consumed)
                UNION ALL
                SELECT route.consumed_lot, p.holder, p.parent_lot_id
                FROM route JOIN ql_lot_routes p ON p.lot_id = route.parent_lot_id
            )
            SELECT c.holder, c.area, c.grain, c.paddy, o.origin_county, array_agg(route.holder)
            FROM consumed c
            JOIN ql_lot_routes o ON o.lot_id = c.lot_id
            JOIN route ON route.consumed_lot = c.lot_id
            GROUP BY c.holder, c.lot_id, c.area, c.grain, c.paddy, o.origin_county
            """, connection);
        cmd.Parameters.AddWithValue(counties);
        cmd.Parameters.AddWithValue(Journal.KindName(kind));
        cmd.Parameters.AddWithValue(Journal.BucketName(Bucket.Consumed));
        cmd.Parameters.Add(Moment(from?.ToDateTime(TimeOnly.MinValue)));
        cmd.Parameters.Add(Moment(to?.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        cmd.Parameters.Add(Moment(asOf?.UtcDateTime));

        var byCounty = new Dictionary<string, List<ConsumedLot>>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var amount = new Measures(BucketRows.Normalize(reader.GetDecimal(1)), BucketRows.Normalize(reader.GetDecimal(2)),
                BucketRows.Normalize(reader.GetDecimal(3)));
            if (amount.IsZero) continue;
            var county = reader.GetString(0);
            if (!byCounty.TryGetValue(county, out var lots)) byCounty[county] = lots = [];
            lots.Add(new ConsumedLot(reader.GetString(4), reader.GetFieldValue<string[]>(5), amount));
        }
        return byCounty;
    }

    private static NpgsqlParameter Moment(DateTime? utc) => new()
    {
        Value = utc is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : DBNull.Value,
        NpgsqlDbType = NpgsqlDbType.TimestampTz,
    };

    private static string OwnScope(Actor actor) => actor.Role switch
    {
        Role.Centre => RegionCatalog.RegionCode,
        Role.Prefecture or Role.County => actor.Organisation,
        _ => throw new ForbiddenException("Reports on balance at home are the region's: a buyer has none."),
    };
}
