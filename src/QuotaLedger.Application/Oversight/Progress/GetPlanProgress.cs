using FluentValidation;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Oversight.PlanTargets;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Oversight.PlanTargets;
using QuotaLedger.Domain.Oversight.Progress;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using Marten;

namespace QuotaLedger.Application.Oversight.Progress;

using PlanTargets = QuotaLedger.Domain.Oversight.PlanTargets.PlanTargets;

/// <summary>
/// R10: plan progress per prefecture, kind and period (a plan year such as 2022, or a span such as 2021-2025 that sums its
/// years), as of a moment (now without one): target, issued, percentage, the counties behind it, and the totals.
/// Kind and prefecture narrow the report. The centre sees every prefecture; a prefecture user its own; a county user its
/// prefecture's (the report it counts towards).
/// </summary>
/// <param name="Kind">replenishment or linkage_surplus; both without it.</param>
/// <param name="Prefecture">One prefecture's report; without it, every prefecture (the centre) or the user's own.</param>
public sealed record GetPlanProgress(string Period, string? Kind = null, string? Prefecture = null, DateTimeOffset? AsOf = null)
    : IQuery<PlanProgress>;

public sealed class GetPlanProgressValidator : AbstractValidator<GetPlanProgress>
{
    private static readonly string[] Kinds = Enum.GetValues<QuotaKind>().Select(Journal.KindName).ToArray();

    public GetPlanProgressValidator()
    {
        RuleFor(q => q.Period).PlanPeriod();
        RuleFor(q => q.Kind).Must(k => k is null || Kinds.Contains(k)).WithMessage($"The kind is one of: {string.Join(", ", Kinds)}.");
        RuleFor(q => q.Prefecture!).Prefecture().When(q => q.Prefecture is not null);
    }
}

public sealed class GetPlanProgressHandler(
    NpgsqlDataSource dataSource, IDocumentStore store, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<GetPlanProgress, PlanProgress>
{
    public async Task<PlanProgress> Handle(GetPlanProgress query, CancellationToken ct)
    {
        var actor = context.Actor;
        var prefecture = query.Prefecture ?? (actor.Role == Role.Centre ? null : regions.PrefectureOf(actor.Organisation));
        if (prefecture is null) access.RequireCentre(actor, "see every prefecture's plan progress");
        else access.RequireSeePrefectureReport(actor, prefecture);

        var period = PlanPeriod.Parse(query.Period);
        var kinds = query.Kind is { } kind ? [Journal.KindNamed(kind)] : Enum.GetValues<QuotaKind>();
        // The moment is fixed before anything is read and given back, so that the report can be asked for again as of it.
        var asOf = query.AsOf ?? clock.GetUtcNow();

        PlanTargets targets;
        await using (var session = store.QuerySession())
            targets = (await AggregateDocuments.LoadManyAsync<PlanTargets>(session, [PlanTargets.StreamId], ct))
                .GetValueOrDefault(PlanTargets.StreamId)?.State ?? PlanTargets.BuiltIn;
        var issued = await IssuedAsync(period, prefecture, asOf, ct);
        return PlanProgress.Of(targets, issued, period, kinds, prefecture, asOf, regions);
    }

    private async Task<IReadOnlyList<IssuedQuota>> IssuedAsync(PlanPeriod period, string? prefecture, DateTimeOffset asOf, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT county, kind, plan_year, sum(area), sum(grain), sum(paddy) FROM ql_plan_issuance
            WHERE plan_year BETWEEN $1 AND $2 AND ($3::text IS NULL OR prefecture = $3) AND timestamp <= $4
            GROUP BY county, kind, plan_year
            """, connection);
        cmd.Parameters.AddWithValue(period.FirstYear);
        cmd.Parameters.AddWithValue(period.LastYear);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)prefecture ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = asOf.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var issued = new List<IssuedQuota>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            issued.Add(new IssuedQuota(reader.GetString(0), Journal.KindNamed(reader.GetString(1)), reader.GetInt32(2),
                new Measures(BucketRows.Normalize(reader.GetDecimal(3)), BucketRows.Normalize(reader.GetDecimal(4)),
                    BucketRows.Normalize(reader.GetDecimal(5)))));
        return issued;
    }
}
