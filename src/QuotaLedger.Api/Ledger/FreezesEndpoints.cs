using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Freezes;

namespace QuotaLedger.Api.Ledger;

public sealed class FreezesEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var freezes = api.MapGroup("/freezes").WithTags("Freezing");

        freezes.MapPost("/", async (FreezeQuota command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/freezes/{result.Id}", result);
            })
            .Command("FreezeQuota",
                "The centre freezes quota (R5): part or all of one lot, or everything a holder has available of a kind.");

        freezes.MapPost("/{freezeId:guid}/lift", async (Guid freezeId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new LiftFreeze(freezeId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("LiftFreeze", "The centre lifts a freeze after rectification; every lot it froze gets its quota back.");

        freezes.MapGet("/", async (string? holder, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListFreezes(holder, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListFreezes", "Freezes the user may see, newest first; holder narrows to one holder.");

        freezes.MapGet("/{freezeId:guid}", async (Guid freezeId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetFreeze(freezeId), http.RequestAborted)))
            .VersionedQuery("GetFreeze", "A freeze with its history.");
    }
}
