using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Trading.Agreements;

namespace QuotaLedger.Api.Trading;

public sealed class AgreementsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var agreements = api.MapGroup("/trading/agreements").WithTags("Trading");

        agreements.MapPost("/", async (RecordAgreement command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/trading/agreements/{result.Id}", result);
            })
            .Command("RecordAgreement",
                "The centre records a point-to-point agreement (点对点) signed with another province's buyer: seller 150000 or a county, a quantity of one measure, unit price (not below the floor in force on the signing day), payment tranches adding up to the price.");

        agreements.MapPost("/{agreementId:guid}/approve", async (Guid agreementId, OptionalReasonBody? body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ApproveAgreement(agreementId, body?.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ApproveAgreement",
                "A second centre user approves: the quantity is reserved (escrowed) on the seller's lots and a deal awaiting payment is concluded.");

        agreements.MapPost("/{agreementId:guid}/reject", async (Guid agreementId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new RejectAgreement(agreementId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("RejectAgreement", "A second centre user rejects the agreement under review, with a reason.");

        agreements.MapGet("/", async (string? holder, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListAgreements(holder, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListAgreements", "Agreements the user may see, newest first; holder narrows to one seller or buyer.");

        agreements.MapGet("/{agreementId:guid}", async (Guid agreementId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetAgreement(agreementId), http.RequestAborted)))
            .VersionedQuery("GetAgreement", "An agreement with its history; once approved it names its deal.");
    }
}
