using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Transfers;

namespace QuotaLedger.Api.Ledger;

public sealed class TransfersEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var transfers = api.MapGroup("/transfers").WithTags("Transfers");

        transfers.MapPost("/", async (ProposeTransfer command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/transfers/{result.Id}", result);
            })
            .Command("ProposeTransfer",
                "A holder proposes to move quota to another (调剂; the centre pools into or allocates out of 150000, 统筹); the amount is reserved on its lots.");

        transfers.MapPost("/direct", async (TransferDirectly command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/transfers/{result.Id}", result);
            })
            .Command("TransferDirectly",
                "A user who may decide the transfer makes it in one step (the centre; a prefecture between two of its own counties): " +
                "the events of a proposal and its approval, in one transaction. Out of 150000 four eyes apply: propose, and another centre user approves.");

        transfers.MapPost("/{transferId:guid}/approve", async (Guid transferId, OptionalReasonBody? body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ApproveTransfer(transferId, body?.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ApproveTransfer",
                "The centre, or the prefecture between its own counties, approves: the receiver gets new lots keeping their provenance.");

        transfers.MapPost("/{transferId:guid}/reject", async (Guid transferId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new RejectTransfer(transferId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("RejectTransfer", "Whoever may approve rejects a pending transfer, with a reason; the reservation is released.");

        transfers.MapPost("/{transferId:guid}/withdraw", async (Guid transferId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new WithdrawTransfer(transferId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("WithdrawTransfer", "The sending holder withdraws its pending transfer; the reservation is released.");

        transfers.MapGet("/", async (string? holder, string? status, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListTransfers(holder, status, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListTransfers",
                "Transfers the user may see, newest first; holder narrows to those one holder sends or receives, status to one status (pending: those to decide).");

        transfers.MapGet("/{transferId:guid}", async (Guid transferId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetTransfer(transferId), http.RequestAborted)))
            .VersionedQuery("GetTransfer", "A transfer with its history.");
    }
}
