using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Deductions;

namespace QuotaLedger.Application.Ledger.Corrections;

/// <summary>R11: a deduction imposed in error is given back by a reversing event, never deleted.</summary>
public sealed record ReverseDeduction(Guid DeductionId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class ReverseDeductionValidator : AbstractValidator<ReverseDeduction>
{
    public ReverseDeductionValidator()
    {
        RuleFor(c => c.DeductionId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class ReverseDeductionHandler(LotOperations operations, RequestContext context, AccessPolicy access)
    : IRequestHandler<ReverseDeduction, CommandResult>
{
    public Task<CommandResult> Handle(ReverseDeduction command, CancellationToken ct) =>
        operations.DecideAsync<Deduction>(command.DeductionId, _ => access.RequireCentre(context.Actor, "reverse deductions"), command.ExpectedVersion,
            (deduction, lots) => deduction.Reverse(lots, command.Reason), ct);
}
