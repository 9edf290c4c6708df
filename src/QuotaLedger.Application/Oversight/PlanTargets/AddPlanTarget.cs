using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Oversight.PlanTargets;

using PlanTargets = QuotaLedger.Domain.Oversight.PlanTargets.PlanTargets;

/// <summary>R10: the centre sets a prefecture's target for a period that has none yet (a later year, the next plan), from a day on.</summary>
public sealed record AddPlanTarget(
    QuotaKind Kind, string Prefecture, string Period, string Unit, decimal Amount, DateOnly EffectiveFrom, string Reason,
    long? ExpectedVersion = null) : ICommand<CommandResult>, IPlanTargetChange;

public sealed class AddPlanTargetValidator() : PlanTargetChangeValidator<AddPlanTarget>(amountMayBeZero: false);

public sealed class AddPlanTargetHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<AddPlanTarget, CommandResult>
{
    public async Task<CommandResult> Handle(AddPlanTarget command, CancellationToken ct)
    {
        var id = PlanTargets.StreamId;
        var current = await session.LockOptionalAsync<PlanTargets>(id,
            _ => access.RequireCentre(context.Actor, "set plan targets"), command.ExpectedVersion, ct);

        var added = (current?.State ?? PlanTargets.BuiltIn).Add(command.Kind, command.Prefecture, command.Period,
            command.Amount, command.EffectiveFrom, clock.GetUtcNow(), command.Reason);
        return session.StartOrAppend(id, current, added);
    }
}
