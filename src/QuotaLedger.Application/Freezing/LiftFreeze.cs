using FluentValidation;
using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Freezing;

namespace QuotaLedger.Application.Freezing;

/// <summary>解冻 (R5): after rectification is confirmed the centre lifts a freeze; every lot it froze gets its quota back.</summary>
public sealed record LiftFreeze(Guid FreezeId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason, IHasExpectedVersion;

public sealed class LiftFreezeValidator : AbstractValidator<LiftFreeze>
{
    public LiftFreezeValidator()
    {
        RuleFor(c => c.FreezeId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class LiftFreezeHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<LiftFreeze, CommandResult>
{
    public async Task<CommandResult> Handle(LiftFreeze command, CancellationToken ct)
    {
        var freeze = await session.LockOneAsync<Freeze>(command.FreezeId,
            _ => access.RequireCentre(context.Actor, "lift freezes"), command.ExpectedVersion, ct);
        var frozen = await lots.LockAsync(freeze.State.LotIds.ToArray(), ct);

        var (lifted, unfrozen) = freeze.State.Lift(frozen.States, command.Reason!);
        session.Append(freeze.State.Id, freeze, lifted);
        session.AppendLots(frozen.ById, unfrozen);
        return new CommandResult(freeze.State.Id, freeze.Version + 1);
    }
}
