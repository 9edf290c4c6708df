using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Trading.Settlement;

namespace QuotaLedger.Api.Trading;

public sealed class MoneyEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        api.MapGet("/trading/money", async (Guid? buyer, Guid? listing, Guid? deal, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new GetMoneyJournal(buyer, listing, deal, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .WithTags("Trading")
            .Query("GetMoneyJournal",
                "Trading's money ledger (double-entry, yuan): deposits held, credited, refunded and forfeited, payments received, proceeds " +
                "attributed to counties; newest first, with each account's balance. The centre reads all of it, a buyer its own.");
    }
}
