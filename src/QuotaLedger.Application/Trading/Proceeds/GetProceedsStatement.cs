using FluentValidation;
using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading;

namespace QuotaLedger.Application.Trading.Proceeds;

/// <summary>
/// P-2022 §二(三)2: the proceeds statement of a county, of a prefecture's counties, or of the whole region, for deals
/// delivered from <paramref name="From"/> to <paramref name="To"/> (UTC days, both included; open when left out). Without
/// a county or prefecture it is the user's own: a county's, a prefecture's, or for the centre the region's.
/// </summary>
public sealed record GetProceedsStatement(string? County, string? Prefecture, DateOnly? From, DateOnly? To) : IQuery<ProceedsStatement>;

/// <param name="Scope">The county, prefecture or region (150000) the statement is for.</param>
/// <param name="Total">The yuan attributed to all its counties together.</param>
public sealed record ProceedsStatement(
    string Scope, DateOnly? From, DateOnly? To, IReadOnlyList<CountyStatement> Counties, IReadOnlyList<PrefectureProceeds> Prefectures,
    decimal Total);

public sealed record CountyStatement([RegionCode] string County, [RegionCode] string Prefecture, IReadOnlyList<ProceedsEntry> Deals, decimal Total);

public sealed record PrefectureProceeds([RegionCode] string Prefecture, decimal Total);

/// <summary>A deal's part of a county's statement: the quantity the county's lots delivered and the yuan owed to it.</summary>
public sealed record ProceedsEntry(
    Guid DealId, string Number, QuotaKind Kind, PricedMeasure Measure, string Unit, decimal Quantity, decimal Amount, Guid BuyerId,
    DateTimeOffset DeliveredAt);

public sealed class GetProceedsStatementValidator : AbstractValidator<GetProceedsStatement>
{
    public GetProceedsStatementValidator()
    {
        RuleFor(q => q.County!).KnownCounty().When(q => q.County is not null);
        RuleFor(q => q.Prefecture!).Must(p => RegionCatalog.InnerMongolia.Find(p)?.Level == RegionLevel.Prefecture)
            .WithMessage("'{PropertyValue}' is not a prefecture code of Inner Mongolia (GB/T 2260).").When(q => q.Prefecture is not null);
        RuleFor(q => q.Prefecture).Null().When(q => q.County is not null).WithMessage("A statement is of a county or of a prefecture, not both.");
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must not lie before 'from'.");
    }
}

public sealed class GetProceedsStatementHandler(IDocumentStore store, RegionCatalog regions, RequestContext context, AccessPolicy access)
    : IRequestHandler<GetProceedsStatement, ProceedsStatement>
{
    public async Task<ProceedsStatement> Handle(GetProceedsStatement query, CancellationToken ct)
    {
        var scope = query.County ?? query.Prefecture ?? OwnScope(context.Actor);
        access.RequireSee(context.Actor, scope);

        await using var session = store.QuerySession();
        var lines = session.Query<ProceedsLine>().AsQueryable();
        if (regions.IsCounty(scope)) lines = lines.Where(l => l.County == scope);
        else if (scope != RegionCatalog.RegionCode) lines = lines.Where(l => l.Prefecture == scope);
        if (query.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            lines = lines.Where(l => l.DeliveredAt >= start);
        }
        if (query.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            lines = lines.Where(l => l.DeliveredAt < end);
        }
        var found = await lines.OrderBy(l => l.DeliveredAt).ToListAsync(ct);

        var counties = found.GroupBy(l => l.County).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CountyStatement(g.Key, g.First().Prefecture,
                g.Select(l => new ProceedsEntry(l.DealId, l.Number, l.Kind, l.Measure, l.Measure.Unit(), l.Quantity, l.Amount, l.BuyerId, l.DeliveredAt))
                    .ToArray(),
                g.Sum(l => l.Amount)))
            .ToArray();
        var prefectures = counties.GroupBy(c => c.Prefecture).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PrefectureProceeds(g.Key, g.Sum(c => c.Total))).ToArray();
        return new ProceedsStatement(scope, query.From, query.To, counties, prefectures, counties.Sum(c => c.Total));
    }

    /// <summary>A county's or prefecture's own statement; the centre's is the region's. A buyer has none.</summary>
    private static string OwnScope(Actor actor) => actor.Role switch
    {
        Role.Centre => RegionCatalog.RegionCode,
        Role.Prefecture or Role.County => actor.Organisation,
        _ => throw new ForbiddenException("Proceeds statements are the region's: a buyer has none."),
    };
}
