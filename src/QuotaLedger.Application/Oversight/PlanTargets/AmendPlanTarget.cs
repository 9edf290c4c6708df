using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Oversight.PlanTargets;

using PlanTargets = QuotaLedger.Domain.Oversight.PlanTargets.PlanTargets;

/// <summary>
/// R10: the centre amends a prefecture's target from a day on (today or later; 0 withdraws it). The amendment is an event:
/// the earlier amount stays in the target's history and in reports as of a moment before the amendment applied.
/// </summary>
public sealed record AmendPlanTarget(
    QuotaKind Kind, string Prefecture, string Period, string Unit, decimal Amount, DateOnly EffectiveFrom, string Reason,
    long? ExpectedVersion = null) : ICommand<CommandResult>, IPlanTargetChange;

public sealed class AmendPlanTargetValidator() : PlanTargetChangeValidator<AmendPlanTarget>(amountMayBeZero: true);

public sealed class AmendPlanTargetHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<AmendPlanTarget, CommandResult>
{
    public async Task<CommandResult> Handle(AmendPlanTarget command, CancellationToken ct)
    {
        var id = PlanTargets.StreamId;
        var current = await session.LockOptionalAsync<PlanTargets>(id,
            _ => access.RequireCentre(context.Actor, "amend plan targets"), command.ExpectedVersion, ct);

        var amended = (current?.State ?? PlanTargets.BuiltIn).Amend(command.Kind, command.Prefecture, command.Period,
            command.Amount, command.EffectiveFrom, clock.GetUtcNow(), command.Reason);
        return session.StartOrAppend(id, current, amended);
    }
}
