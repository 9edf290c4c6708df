using System.Text;
using FluentValidation;
using Marten;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Oversight.Audit;

/// <summary>
/// The centre's audit of the whole history (R11): every event, oldest first, in the global order of sequence numbers,
/// narrowed by who did it (<paramref name="Actor"/>, the user name), for which organisation, the region its holders lie
/// in, the quota kind of its aggregate, its type, and a time range (both ends inclusive); a page starts after the sequence
/// number <paramref name="After"/>. Every page comes with the verifier's verdict on its events.
/// </summary>
public sealed record QueryAudit(
    string? Actor = null,
    string? Organisation = null,
    string? Region = null,
    string? Kind = null,
    string? Type = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long After = 0,
    int Limit = 100) : IQuery<AuditPage>;

/// <summary>
/// A page of the audit: its events, the sequence number to ask for the next page after (null on the last page), and the
/// verifier's verdict on the events of this page, read in the same snapshot.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? Next, RangeVerdict Verdict);

/// <summary>
/// One event as recorded: its place in the global order and in its stream, what happened, when, who did it for which
/// organisation, why, in which request, and its data. The stream type is its aggregate's (<c>transfer</c>, <c>lot</c>).
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    Guid StreamId,
    string? StreamType,
    long Version,
    string EventType,
    DateTimeOffset Timestamp,
    string Actor,
    string Organisation,
    string? Reason,
    Guid? CorrelationId,
    object Data);

public sealed class QueryAuditValidator : AbstractValidator<QueryAudit>
{
    private static readonly string[] Kinds = Enum.GetValues<QuotaKind>().Select(Journal.KindName).ToArray();

    public QueryAuditValidator(AuditedStreams streams)
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListQueryRules.MaxLimit);
        RuleFor(q => q.After).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Actor!).NotEmpty().MaximumLength(Validation.MaxTextLength).When(q => q.Actor is not null);
        RuleFor(q => q.Organisation!).KnownHolderOrBuyer().When(q => q.Organisation is not null);
        RuleFor(q => q.Region!).KnownHolder().When(q => q.Region is not null);
        RuleFor(q => q.Kind).Must(k => k is null || Kinds.Contains(k))
            .WithMessage($"The kind is one of: {string.Join(", ", Kinds)}.");
        RuleFor(q => q.Type).Must(t => t is null || streams.EventTypes.ContainsKey(t))
            .WithMessage("'{PropertyValue}' is no event type of the ledger (event types are spelt as stored, e.g. lot_issued).");
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must not lie before 'from'.");
    }
}

public sealed class QueryAuditHandler(
    NpgsqlDataSource dataSource, IDocumentStore store, AuditedStreams streams, LedgerVerifier verifier, RegionCatalog regions,
    RequestContext context, AccessPolicy access)
    : IRequestHandler<QueryAudit, AuditPage>
{
    public async Task<AuditPage> Handle(QueryAudit query, CancellationToken ct)
    {
        access.RequireCentre(context.Actor, "audit the ledger's history");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for the page and its verdict, so that the verdict is on the events the page shows.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var items = await ReadAsync(connection, tx, query, ct);
        var verdict = await verifier.VerifyEventsAsync(connection, tx, items.Select(i => i.Sequence).ToArray(), ct);
        await tx.CommitAsync(ct);
        return new AuditPage(items, items.Count == query.Limit ? items[^1].Sequence : null, verdict);
    }

    private async Task<IReadOnlyList<AuditEntry>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, QueryAudit query, CancellationToken ct)
    {
        // A region matches the events of the streams whose holders lie within it: the scope of a stream's document is
        // its holders and their prefectures, and every code within the region is one of those or lies below one.
        var within = query.Region is { } region
            ? regions.All.Where(r => regions.IsWithin(r.Code, region)).Select(r => r.Code).ToArray()
            : null;
        await using var cmd = new NpgsqlCommand($"""
            SELECT e.seq_id, e.stream_id, d.stream_type, e.version, e.type, e.timestamp, e.user_name,
                   e.headers->>'{EventMetadata.OrganisationHeader}', e.headers->>'{EventMetadata.ReasonHeader}', e.correlation_id, e.data::text
            FROM {MartenSetup.Schema}.mt_events e LEFT JOIN ({streams.Sql}) d ON d.id = e.stream_id
            WHERE e.seq_id > $1 AND {MartenSetup.IsLedgerEvent("e")}
              AND ($2::text IS NULL OR e.user_name = $2)
              AND ($3::text IS NULL OR e.headers->>'{EventMetadata.OrganisationHeader}' = $3)
              AND ($4::text[] IS NULL OR jsonb_exists_any(d.scope, $4))
              AND ($5::text IS NULL OR d.kind = $5)
              AND ($6::text IS NULL OR e.type = $6)
              AND ($7::timestamptz IS NULL OR e.timestamp >= $7)
              AND ($8::timestamptz IS NULL OR e.timestamp <= $8)
            ORDER BY e.seq_id LIMIT $9
            """, connection, tx);
        cmd.Parameters.AddWithValue(query.After);
        cmd.Parameters.Add(Text(query.Actor));
        cmd.Parameters.Add(Text(query.Organisation));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)within ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(Text(query.Kind));
        cmd.Parameters.Add(Text(query.Type));
        cmd.Parameters.Add(Time(query.From));
        cmd.Parameters.Add(Time(query.To));
        cmd.Parameters.AddWithValue(query.Limit);

        var serializer = store.Options.Serializer();
        var items = new List<AuditEntry>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var type = reader.GetString(4);
            var data = serializer.FromJson(streams.EventTypes[type], new MemoryStream(Encoding.UTF8.GetBytes(reader.GetString(10))));
            items.Add(new AuditEntry(
                reader.GetInt64(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3), type,
                reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? "" : reader.GetString(6), reader.IsDBNull(7) ? "" : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                !reader.IsDBNull(9) && Guid.TryParse(reader.GetString(9), out var correlation) ? correlation : null,
                data));
        }
        return items;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { Value = (object?)value?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
