using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Links;

namespace QuotaLedger.Api.Ledger;

public sealed class ConsumptionEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var links = api.MapGroup("/links").WithTags("Consumption");

        links.MapPost("/", async (LinkQuota command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/links/{result.Id}", result);
            })
            .Command("LinkQuota",
                "挂钩: a county holds quota for a land-use approval application, covering at least the occupied area, grain capacity and paddy area (R7); own-county quota first (R6).");

        links.MapPost("/{linkId:guid}/write-off", async (Guid linkId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new WriteOffLinkedQuota(linkId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("WriteOffLinkedQuota", "核销: the approval was granted; the linked quota is consumed.");

        links.MapPost("/{linkId:guid}/unlink", async (Guid linkId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new UnlinkQuota(linkId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("UnlinkQuota", "解挂: the approval failed or was withdrawn; the linked quota returns to available.");

        links.MapGet("/", async (string? holder, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListLinks(holder, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListLinks", "Quota links the user may see, newest first; holder narrows to one county or prefecture.");

        links.MapGet("/{linkId:guid}", async (Guid linkId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetLink(linkId), http.RequestAborted)))
            .VersionedQuery("GetLink", "A quota link with the lots it holds and its history.");
    }
}
