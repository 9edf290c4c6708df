using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Api.Shared;

public sealed class RegionsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var regions = api.MapGroup("/regions").WithTags("Regions");
        regions.MapGet("/", (RegionCatalog catalog) => TypedResults.Ok(catalog.All.OrderBy(r => r.Code).ToArray()))
            .Query("ListRegions", "The region, its 12 prefectures and 103 counties: every holder of quota (R2).");
    }
}
