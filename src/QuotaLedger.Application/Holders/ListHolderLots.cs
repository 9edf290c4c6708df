using System.Text.Json;
using FluentValidation;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Application.Common;
using QuotaLedger.Application.ReadModels;
using QuotaLedger.Domain;
using QuotaLedger.Domain.Lots;

namespace QuotaLedger.Application.Holders;

/// <summary>The lots a holder holds, newest first, each with its buckets and provenance; kind narrows to one kind.</summary>
public sealed record ListHolderLots(string Holder, string? Kind = null, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<Lot>>>, IListQuery;

public sealed class ListHolderLotsValidator : AbstractValidator<ListHolderLots>
{
    private static readonly string[] Kinds = Enum.GetValues<QuotaKind>().Select(Journal.KindName).ToArray();

    public ListHolderLotsValidator()
    {
        this.Paging();
        RuleFor(q => q.Holder).KnownHolder();
        RuleFor(q => q.Kind).Must(k => k is null || Kinds.Contains(k))
            .WithMessage($"The kind is one of: {string.Join(", ", Kinds)}.");
    }
}

public sealed class ListHolderLotsHandler(NpgsqlDataSource dataSource, RequestContext context, AccessPolicy access)
    : IRequestHandler<ListHolderLots, Page<ResourceView<Lot>>>
{
    public async Task<Page<ResourceView<Lot>>> Handle(ListHolderLots query, CancellationToken ct)
    {
        access.RequireSee(context.Actor, query.Holder);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // The scope condition uses the GIN index; the holder condition leaves out the counties' lots of a prefecture.
        await using var cmd = new NpgsqlCommand("""
            SELECT data::text, version FROM ql_documents
            WHERE type = $1 AND scope @> ARRAY[$2] AND data->>'holder' = $2 AND ($3::text IS NULL OR data->>'kind' = $3)
            ORDER BY created_seq DESC LIMIT $4 OFFSET $5
            """, connection);
        cmd.Parameters.AddWithValue(Lot.StreamType);
        cmd.Parameters.AddWithValue(query.Holder);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)query.Kind ?? DBNull.Value);
        cmd.Parameters.AddWithValue(query.Limit);
        cmd.Parameters.AddWithValue(query.Offset);
        var items = new List<ResourceView<Lot>>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            items.Add(new ResourceView<Lot>(JsonSerializer.Deserialize<Lot>(reader.GetString(0), Json.Options)!, reader.GetInt64(1)));
        return new Page<ResourceView<Lot>>(items, query.Limit, query.Offset);
    }
}
