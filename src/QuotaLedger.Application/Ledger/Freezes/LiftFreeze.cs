using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Freezes;

namespace QuotaLedger.Application.Ledger.Freezes;

/// <summary>解冻 (R5): after rectification is confirmed the centre lifts a freeze; every lot it froze gets its quota back.</summary>
public sealed record LiftFreeze(Guid FreezeId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class LiftFreezeValidator : AbstractValidator<LiftFreeze>
{
    public LiftFreezeValidator()
    {
        RuleFor(c => c.FreezeId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class LiftFreezeHandler(LotOperations operations, RequestContext context, AccessPolicy access)
    : IRequestHandler<LiftFreeze, CommandResult>
{
    public Task<CommandResult> Handle(LiftFreeze command, CancellationToken ct) =>
        operations.DecideAsync<Freeze>(command.FreezeId, _ => access.RequireCentre(context.Actor, "lift freezes"), command.ExpectedVersion,
            (freeze, lots) => freeze.Lift(lots, command.Reason), ct);
}
