using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Ledger.Lots;

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
public sealed record LotAncestor(Guid LotId, [RegionCode] string Holder, Guid? TransferId);

public sealed class GetLotHandler(DocumentReader reader, IDocumentStore store, RequestContext context)
    : IRequestHandler<GetLot, LotWithProvenance>
{
    public async Task<LotWithProvenance> Handle(GetLot query, CancellationToken ct)
    {
        var view = await reader.GetAsync<Lot>(context.Actor, query.LotId, withHistory: true, ct);
        var provenance = view.Resource.Provenance;
        return new LotWithProvenance(view.Resource, view.Version, view.History, provenance.ProjectId, provenance.ApplicationId,
            await ChainAsync(query.LotId, ct));
    }

    /// <summary>The lot and its ancestors, one load a generation: a chain is as long as the transfers that split it.</summary>
    private async Task<IReadOnlyList<LotAncestor>> ChainAsync(Guid lotId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var chain = new List<LotAncestor>();
        for (Guid? id = lotId; id is { } next; )
        {
            var lot = (await session.LoadAsync<AggregateDocument<Lot>>(next, ct))?.State;
            if (lot is null) break;
            chain.Add(new LotAncestor(lot.Id, lot.Holder, lot.Provenance.TransferId));
            id = lot.Provenance.ParentLotId;
        }
        return chain;
    }
}
