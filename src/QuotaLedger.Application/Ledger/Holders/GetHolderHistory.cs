using FluentValidation;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Holders;

/// <summary>
/// A holder's account statement: every change of one of its buckets, newest first, with the event that made it and
/// who did it, for which organisation, when and why (R11). From and to bound the time, both inclusive.
/// </summary>
public sealed record GetHolderHistory(string Holder, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 100, int Offset = 0)
    : IQuery<Page<HolderHistoryLine>>, IListQuery;

/// <summary>
/// One journal line: the lot whose bucket changed and by how much. The operation is the transfer, link, freeze or
/// deduction the change belongs to, when it belongs to one.
/// </summary>
public sealed record HolderHistoryLine(
    long Sequence,
    DateTimeOffset Timestamp,
    string EventType,
    Guid LotId,
    QuotaKind Kind,
    Bucket Bucket,
    Measures Change,
    Guid? OperationId,
    string Actor,
    string Organisation,
    string? Reason,
    Guid CorrelationId);

public sealed class GetHolderHistoryValidator : AbstractValidator<GetHolderHistory>
{
    public GetHolderHistoryValidator()
    {
        this.Paging(buyersToo: true);
        RuleFor(q => q.Holder).KnownHolderOrBuyer();
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must not lie before 'from'.");
    }
}

public sealed class GetHolderHistoryHandler(NpgsqlDataSource dataSource, RequestContext context, AccessPolicy access)
    : IRequestHandler<GetHolderHistory, Page<HolderHistoryLine>>
{
    public async Task<Page<HolderHistoryLine>> Handle(GetHolderHistory query, CancellationToken ct)
    {
        access.RequireSee(context.Actor, query.Holder);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT j.seq_id, j.timestamp, e.type, j.lot_id, j.kind, j.bucket, j.area, j.grain, j.paddy,
                   COALESCE(e.data->>'reservationId', e.data->>'deductionId', e.data->>'freezeId')::uuid,
                   e.user_name, e.headers->>'organisation', e.headers->>'reason', e.correlation_id::uuid
            FROM ql_journal j JOIN public.mt_events e ON e.seq_id = j.seq_id
            WHERE j.holder = $1 AND ($2::timestamptz IS NULL OR j.timestamp >= $2) AND ($3::timestamptz IS NULL OR j.timestamp <= $3)
            ORDER BY j.seq_id DESC, j.bucket LIMIT $4 OFFSET $5
            """, connection);
        cmd.Parameters.AddWithValue(query.Holder);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)query.From?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)query.To?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(query.Limit);
        cmd.Parameters.AddWithValue(query.Offset);

        var lines = new List<HolderHistoryLine>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            lines.Add(new HolderHistoryLine(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetGuid(3), Journal.KindNamed(reader.GetString(4)),
                Journal.BucketNamed(reader.GetString(5)),
                new Measures(BucketRows.Normalize(reader.GetDecimal(6)), BucketRows.Normalize(reader.GetDecimal(7)),
                    BucketRows.Normalize(reader.GetDecimal(8))),
                reader.IsDBNull(9) ? null : reader.GetGuid(9),
                reader.GetString(10), reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12), reader.GetGuid(13)));
        return new Page<HolderHistoryLine>(lines, query.Limit, query.Offset);
    }
}
