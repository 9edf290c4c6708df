using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.PlanTargets;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.PlanTargets;

using PlanTargets = QuotaLedger.Domain.Oversight.PlanTargets.PlanTargets;

/// <summary>
/// The plan targets (R10) as they stood at a moment (now without one): every target with the amount in force then and
/// every amount it took. Targets are the published plan (P-2022's annexes), so every user of the ledger reads them.
/// </summary>
public sealed record GetPlanTargets(DateTimeOffset? AsOf = null) : IQuery<PlanTargetsView>;

/// <param name="AsOf">The moment the amounts are in force at.</param>
/// <param name="Version">The targets' version, also their ETag: 0 while the centre never changed the annexes' targets.</param>
public sealed record PlanTargetsView(DateTimeOffset AsOf, IReadOnlyList<PlanTargetView> Targets, long Version, IReadOnlyList<HistoryEntry> History);

/// <param name="Amount">In force at the report's moment; null when no amount applies yet.</param>
/// <param name="Amounts">Every amount the target took, by effective date, with when it was recorded and why.</param>
public sealed record PlanTargetView(
    QuotaKind Kind, [RegionCode] string Prefecture, string Period, string Unit, decimal? Amount, IReadOnlyList<PlanTargetAmount> Amounts);

public sealed class GetPlanTargetsHandler(DocumentReader reader, TimeProvider clock)
    : IRequestHandler<GetPlanTargets, PlanTargetsView>
{
    public async Task<PlanTargetsView> Handle(GetPlanTargets query, CancellationToken ct)
    {
        var view = await reader.GetPublicAsync<PlanTargets>(PlanTargets.StreamId, withHistory: true, ct);
        var targets = view?.Resource ?? PlanTargets.BuiltIn;
        var asOf = query.AsOf ?? clock.GetUtcNow();
        return new PlanTargetsView(asOf,
            targets.Targets.Select(t => new PlanTargetView(t.Kind, t.Prefecture, t.Period, PlanTarget.Unit,
                t.AmountAsOf(asOf), t.Amounts)).ToArray(),
            view?.Version ?? 0, view?.History ?? []);
    }
}
