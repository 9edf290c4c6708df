using FluentValidation;
using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Deductions;

namespace QuotaLedger.Application.Corrections;

/// <summary>R11: a deduction imposed in error is given back by a reversing event, never deleted.</summary>
public sealed record ReverseDeduction(Guid DeductionId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason, IHasExpectedVersion;

public sealed class ReverseDeductionValidator : AbstractValidator<ReverseDeduction>
{
    public ReverseDeductionValidator()
    {
        RuleFor(c => c.DeductionId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class ReverseDeductionHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<ReverseDeduction, CommandResult>
{
    public async Task<CommandResult> Handle(ReverseDeduction command, CancellationToken ct)
    {
        var deduction = await session.LockOneAsync<Deduction>(command.DeductionId,
            _ => access.RequireCentre(context.Actor, "reverse deductions"), command.ExpectedVersion, ct);
        var locked = await lots.LockAsync(deduction.State.LotIds.ToArray(), ct);

        var (reversed, lotEvents) = deduction.State.Reverse(locked.States, command.Reason!);
        session.Append(deduction.State.Id, deduction, reversed);
        session.AppendLots(locked.ById, lotEvents);
        return new CommandResult(deduction.State.Id, deduction.Version + 1);
    }
}
