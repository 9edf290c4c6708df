using Marten;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading.PublicNotices;

/// <summary>Where a listed lot's quota came from, as the public may read it: no holder but the origin county.</summary>
public sealed record PublicProvenance(
    string ProjectName, string OriginCounty, string OriginCountyName, LandSource? LandSource, int? QualityGrade, decimal Quantity);

/// <summary>
/// What the public notices (公示) read: every document of a trading aggregate, newest first. The region lists tens of
/// lots a year, not thousands, so the notices filter them in memory rather than through a status index.
/// </summary>
public sealed class PublicNoticeBoard(IDocumentStore store, RegionCatalog regions, ProvinceCatalog provinces)
{
    public async Task<IReadOnlyList<T>> AllAsync<T>(CancellationToken ct) where T : class, IAggregate<T>
    {
        await using var session = store.QuerySession();
        var documents = await session.Query<AggregateDocument<T>>().OrderByDescending(d => d.CreatedSequence).ToListAsync(ct);
        return documents.Select(d => d.State).ToArray();
    }

    /// <summary>The provenance of each escrowed share of the listings, by listing.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<PublicProvenance>>> ProvenanceAsync(
        IReadOnlyList<Listing> listings, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var lotIds = listings.SelectMany(l => l.Escrow.Select(s => s.LotId)).Distinct().ToArray();
        var lots = await AggregateDocuments.LoadManyAsync<Lot>(session, lotIds, ct);
        return listings.ToDictionary(l => l.Id, l => (IReadOnlyList<PublicProvenance>)l.Escrow.Select(s =>
        {
            var p = lots[s.LotId].State.Provenance;
            return new PublicProvenance(p.ProjectName, p.OriginCounty, RegionName(p.OriginCounty), p.LandSource, p.QualityGrade,
                l.Terms.Measure.Of(s.Amount));
        }).ToArray());
    }

    public string RegionName(string code) => regions.Find(code)?.Name ?? code;

    public string ProvinceName(string code) => provinces.NameOf(code) ?? code;
}
