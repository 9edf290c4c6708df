using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Oversight.Audit;

namespace QuotaLedger.Api.Oversight;

public sealed class AuditEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/oversight/audit").WithTags("Audit");

        audit.MapGet("", async (string? actor, string? organisation, string? region, string? kind, string? type,
                    DateTimeOffset? from, DateTimeOffset? to, long? after, int? limit, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(
                    new QueryAudit(actor, organisation, region, kind, type, from, to, after ?? 0, limit ?? 100), http.RequestAborted)))
            .Query("QueryAudit",
                "Centre only: every event oldest first by global sequence number, narrowed by actor (user name), organisation, region " +
                "(events of streams whose holders lie within it), quota kind, event type and time (from, to inclusive); after a " +
                "sequence number (next gives the next page's), with the verifier's verdict on the page's events.");
    }
}
