using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Lots;

namespace QuotaLedger.Api.Ledger;

public sealed class LotsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var lots = api.MapGroup("/lots").WithTags("Lots");

        lots.MapGet("/{lotId:guid}", async (Guid lotId, IMediator mediator, HttpContext http) =>
            {
                var lot = await mediator.Send(new GetLot(lotId), http.RequestAborted);
                http.Response.Headers.ETag = EndpointResults.ETag(lot.Version);
                return TypedResults.Ok(lot);
            })
            .VersionedQuery("GetLot", "A lot with its buckets, history and provenance chain back to the project and storage application.");
    }
}
