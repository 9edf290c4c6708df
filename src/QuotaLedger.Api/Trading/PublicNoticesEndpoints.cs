using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using QuotaLedger.Application.Trading.PublicNotices;

namespace QuotaLedger.Api.Trading;

/// <summary>
/// 公示: what the centre must publish about cross-province trading, for anyone, without a token: as JSON under
/// <c>/public/v1</c>, and as one page in Chinese at <c>/public/notices</c>.
/// </summary>
public static class PublicNoticesEndpoints
{
    public static void MapPublicNotices(this WebApplication app)
    {
        var notices = app.MapGroup("/public/v1").WithTags("Public notices").AllowAnonymous();

        notices.MapGet("/listings", async (IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListAnnouncedListings(), http.RequestAborted)))
            .PublicQuery("ListAnnouncedListings", "公告: listings announced or trading, with quantities, prices and the lots' provenance.");

        notices.MapGet("/results", async (IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListTradingResults(), http.RequestAborted)))
            .PublicQuery("ListTradingResults",
                "结果公示: results of closed listings (quantity, price, buyer province) and listings ended without a deal.");

        notices.MapGet("/agreements", async (IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListPublishedAgreements(), http.RequestAborted)))
            .PublicQuery("ListPublishedAgreements", "点对点: agreements signed with other provinces.");

        app.MapGet("/public/notices", async (IMediator mediator, HttpContext http) =>
            {
                var ct = http.RequestAborted;
                return new RazorComponentResult<PublicNoticesPage>(new
                {
                    Listings = await mediator.Send(new ListAnnouncedListings(), ct),
                    Results = await mediator.Send(new ListTradingResults(), ct),
                    Agreements = await mediator.Send(new ListPublishedAgreements(), ct),
                });
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static RouteHandlerBuilder PublicQuery(this RouteHandlerBuilder builder, string operationId, string summary) =>
        builder.WithName(operationId).WithSummary(summary)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
