using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Trading.Parameters;
using QuotaLedger.Domain.Trading.Parameters;

namespace QuotaLedger.Api.Trading;

public sealed class TradingParametersEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var parameters = api.MapGroup("/trading/parameters").WithTags("Trading");

        parameters.MapGet("/", async (DateOnly? on, IMediator mediator, HttpContext http) =>
            {
                var view = await mediator.Send(new GetTradingParameters(on), http.RequestAborted);
                http.Response.Headers.ETag = EndpointResults.ETag(view.Version);
                return TypedResults.Ok(view);
            })
            .VersionedQuery("GetTradingParameters",
                "The floor prices and terms in force on a day (on, YYYY-MM-DD; today without it) and every set with its date: public rules every user, buyers included, reads.");

        parameters.MapPost("/", async (TradingParametersBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new SetTradingParameters(body.FloorPrices, body.Terms, body.EffectiveFrom, body.Reason, EndpointResults.IfMatch(http)),
                    http.RequestAborted)))
            .Decision("SetTradingParameters",
                "The centre sets the floor prices per kind and measure and the default terms of trading from a day on (today or later); they replace the earlier set from then.");
    }
}

/// <summary>A set of trading parameters: the floor prices, the default terms, the first day they apply, and why.</summary>
public sealed record TradingParametersBody(IReadOnlyList<FloorPrice> FloorPrices, TradingTerms Terms, DateOnly EffectiveFrom, string Reason);
