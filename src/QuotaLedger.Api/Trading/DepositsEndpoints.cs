using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Trading.Deposits;

namespace QuotaLedger.Api.Trading;

/// <summary>The bank reference of the centre's refund transfer.</summary>
public sealed record DepositRefundBody(string BankReference);

public sealed class DepositsEndpoints : IEndpointGroup
{
    public const string Path = "/api/v1/trading/deposits";

    public void Map(RouteGroupBuilder api)
    {
        var deposits = api.MapGroup("/trading/deposits").WithTags("Trading: deposits");

        deposits.MapPost("/{depositId:guid}/confirm", async (Guid depositId, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(new ConfirmDeposit(depositId, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ConfirmDeposit", "The centre confirms a declared deposit arrived: the buyer may bid or order from then on.");

        deposits.MapPost("/{depositId:guid}/refund", async (Guid depositId, DepositRefundBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new RefundDeposit(depositId, body.BankReference, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("RefundDeposit", "The centre refunds what it holds of a deposit the listing no longer needs, with the refund's bank reference.");

        deposits.MapGet("/{depositId:guid}", async (Guid depositId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetDeposit(depositId), http.RequestAborted)))
            .VersionedQuery("GetDeposit", "A deposit with its history: to the centre, or to its buyer.");
    }
}
