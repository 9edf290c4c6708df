using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Parameters;

namespace QuotaLedger.Application.Trading.Parameters;

/// <summary>
/// The trading parameters in force on a day (today when none is given) and every set the centre made: public rules
/// that every user, buyers included, trades under.
/// </summary>
public sealed record GetTradingParameters(DateOnly? On = null) : IQuery<TradingParametersView>;

/// <param name="On">The day asked about.</param>
/// <param name="InForce">The set in force that day; null before the first set applies (nothing may be traded then).</param>
/// <param name="Sets">Every set, by effective date; of two with one date the later made is last and the one in force.</param>
/// <param name="Version">The parameters' version, also their ETag: 0 while the centre never set any.</param>
public sealed record TradingParametersView(
    DateOnly On,
    TradingParameterSet? InForce,
    IReadOnlyList<TradingParameterSet> Sets,
    long Version,
    IReadOnlyList<HistoryEntry> History);

public sealed class GetTradingParametersHandler(DocumentReader reader, TimeProvider clock)
    : IRequestHandler<GetTradingParameters, TradingParametersView>
{
    public async Task<TradingParametersView> Handle(GetTradingParameters query, CancellationToken ct)
    {
        var view = await reader.GetPublicAsync<TradingParameters>(TradingParameters.StreamId, withHistory: true, ct);
        var parameters = view?.Resource ?? TradingParameters.Initial;
        var on = query.On ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new TradingParametersView(on, parameters.InForceOn(on), parameters.Sets, view?.Version ?? 0, view?.History ?? []);
    }
}
