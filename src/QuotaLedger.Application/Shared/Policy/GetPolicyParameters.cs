using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Policy;

namespace QuotaLedger.Application.Shared.Policy;

/// <summary>
/// The policy regime in force on a day (today when none is given) and every regime, the two built in and those the
/// centre added: public rules that every user works under.
/// </summary>
public sealed record GetPolicyParameters(DateOnly? Day = null) : IQuery<PolicyParametersView>;

/// <param name="Day">The day asked about.</param>
/// <param name="InForce">The regime in force that day (before the first regime's date, the first).</param>
/// <param name="Sets">Every regime, by effective date; of two with one date the later added is last and the one in force.</param>
/// <param name="Version">The parameters' version, also their ETag: 0 while the centre added none (the built-in regimes only).</param>
public sealed record PolicyParametersView(
    DateOnly Day,
    PolicyParameterSet InForce,
    IReadOnlyList<PolicyParameterSet> Sets,
    long Version,
    IReadOnlyList<HistoryEntry> History);

public sealed class GetPolicyParametersHandler(DocumentReader reader, TimeProvider clock)
    : IRequestHandler<GetPolicyParameters, PolicyParametersView>
{
    public async Task<PolicyParametersView> Handle(GetPolicyParameters query, CancellationToken ct)
    {
        var view = await reader.GetPublicAsync<PolicyParameters>(PolicyParameters.StreamId, withHistory: true, ct);
        var parameters = view?.Resource ?? PolicyParameters.BuiltIn;
        var day = query.Day ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new PolicyParametersView(day, parameters.InForceOn(day), parameters.Sets, view?.Version ?? 0, view?.History ?? []);
    }
}
