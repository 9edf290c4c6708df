using MediatR;
using Npgsql;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Lots;

namespace QuotaLedger.Application.Lots;

/// <summary>A lot with its buckets, history and provenance chain: every unit traces back to its project and application.</summary>
public sealed record GetLot(Guid LotId) : IQuery<LotWithProvenance>;

/// <summary>
/// The lot as <see cref="ResourceView{T}"/> shows it, plus its chain of lots from itself up to the lot that storage
/// approval issued, each with its holder and the transfer that split it off its parent.
/// </summary>
public sealed record LotWithProvenance(
    Lot Resource,
    long Version,
    IReadOnlyList<HistoryEntry>? History,
    Guid ProjectId,
    Guid ApplicationId,
    IReadOnlyList<LotAncestor> ProvenanceChain);

/// <summary>One lot of a provenance chain; the issued lot, at the end, has no transfer.</summary>
public sealed record LotAncestor(Guid LotId, string Holder, Guid? TransferId);

public sealed class GetLotHandler(DocumentReader reader, NpgsqlDataSource dataSource, RequestContext context)
    : IRequestHandler<GetLot, LotWithProvenance>
{
    public async Task<LotWithProvenance> Handle(GetLot query, CancellationToken ct)
    {
        var view = await reader.GetAsync<Lot>(context.Actor, query.LotId, withHistory: true, ct);
        var provenance = view.Resource.Provenance;
        return new LotWithProvenance(view.Resource, view.Version, view.History, provenance.ProjectId, provenance.ApplicationId,
            await ChainAsync(query.LotId, ct));
    }

    private async Task<IReadOnlyList<LotAncestor>> ChainAsync(Guid lotId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            WITH RECURSIVE chain (id, data, depth) AS (
                SELECT id, data, 0 FROM ql_documents WHERE id = $1 AND type = $2
                UNION ALL
                SELECT d.id, d.data, c.depth + 1 FROM chain c
                JOIN ql_documents d ON d.id = (c.data->'provenance'->>'parentLotId')::uuid AND d.type = $2)
            SELECT id, data->>'holder', (data->'provenance'->>'transferId')::uuid FROM chain ORDER BY depth
            """, connection);
        cmd.Parameters.AddWithValue(lotId);
        cmd.Parameters.AddWithValue(Lot.StreamType);
        var chain = new List<LotAncestor>();
        await using var rows = await cmd.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
            chain.Add(new LotAncestor(rows.GetGuid(0), rows.GetString(1), rows.IsDBNull(2) ? null : rows.GetGuid(2)));
        return chain;
    }
}
