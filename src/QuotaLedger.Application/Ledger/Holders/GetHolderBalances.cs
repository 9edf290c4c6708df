using FluentValidation;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Ledger.Holders;

/// <summary>A holder's balances per kind and bucket: now, or as they stood at a moment (summed from the journal).</summary>
public sealed record GetHolderBalances(string Holder, DateTimeOffset? AsOf = null) : IQuery<HolderBalances>;

public sealed record HolderBalances([RegionCode] string Holder, DateTimeOffset? AsOf, IReadOnlyList<HolderKindBalance> Kinds);

public sealed record HolderKindBalance(QuotaKind Kind, BucketTotals Buckets);

public sealed class GetHolderBalancesValidator : AbstractValidator<GetHolderBalances>
{
    public GetHolderBalancesValidator() => RuleFor(q => q.Holder).KnownHolderOrBuyer();
}

public sealed class GetHolderBalancesHandler(NpgsqlDataSource dataSource, RequestContext context, AccessPolicy access)
    : IRequestHandler<GetHolderBalances, HolderBalances>
{
    public async Task<HolderBalances> Handle(GetHolderBalances query, CancellationToken ct)
    {
        access.RequireSee(context.Actor, query.Holder);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = query.AsOf is null
            ? new NpgsqlCommand("SELECT kind, bucket, area, grain, paddy FROM ql_balances WHERE holder = $1", connection)
            // Each balance's latest snapshot at or before the instant, and its lines after the snapshot up to the instant
            // (all of them up to it, where none was taken yet): a bounded read, however long the holder's history.
            : new NpgsqlCommand("""
                SELECT b.kind, b.bucket, coalesce(s.area, 0) + coalesce(j.area, 0), coalesce(s.grain, 0) + coalesce(j.grain, 0),
                       coalesce(s.paddy, 0) + coalesce(j.paddy, 0)
                FROM ql_balances b
                LEFT JOIN LATERAL (SELECT s.at, s.area, s.grain, s.paddy FROM ql_balance_snapshots s
                                   WHERE s.holder = b.holder AND s.kind = b.kind AND s.bucket = b.bucket AND s.at <= $2
                                   ORDER BY s.at DESC LIMIT 1) s ON true
                LEFT JOIN LATERAL (SELECT count(*) AS n, sum(j.area) AS area, sum(j.grain) AS grain, sum(j.paddy) AS paddy FROM ql_journal j
                                   WHERE j.holder = b.holder AND j.kind = b.kind AND j.bucket = b.bucket AND j.timestamp <= $2
                                     AND j.timestamp > coalesce(s.at, '-infinity')) j ON true
                WHERE b.holder = $1 AND (s.at IS NOT NULL OR j.n > 0)
                """, connection);
        cmd.Parameters.AddWithValue(query.Holder);
        if (query.AsOf is { } asOf) cmd.Parameters.Add(new NpgsqlParameter { Value = asOf.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var totals = await BucketRows.ReadAsync(cmd, ct);
        return new HolderBalances(query.Holder, query.AsOf, totals.Select(t => new HolderKindBalance(t.Key, t.Value)).ToArray());
    }
}
