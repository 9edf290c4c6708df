using FluentValidation;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Holders;

/// <summary>A holder's balances per kind and bucket: now, or as they stood at a moment (summed from the journal).</summary>
public sealed record GetHolderBalances(string Holder, DateTimeOffset? AsOf = null) : IQuery<HolderBalances>;

public sealed record HolderBalances(string Holder, DateTimeOffset? AsOf, IReadOnlyList<HolderKindBalance> Kinds);

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
            : new NpgsqlCommand("""
                SELECT kind, bucket, sum(area), sum(grain), sum(paddy) FROM ql_journal
                WHERE holder = $1 AND timestamp <= $2 GROUP BY kind, bucket
                """, connection);
        cmd.Parameters.AddWithValue(query.Holder);
        if (query.AsOf is { } asOf) cmd.Parameters.Add(new NpgsqlParameter { Value = asOf.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var totals = await BucketRows.ReadAsync(cmd, ct);
        return new HolderBalances(query.Holder, query.AsOf, totals.Select(t => new HolderKindBalance(t.Key, t.Value)).ToArray());
    }
}
