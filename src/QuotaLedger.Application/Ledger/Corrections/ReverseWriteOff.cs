using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Links;

namespace QuotaLedger.Application.Ledger.Corrections;

/// <summary>R11: a write-off (核销) recorded in error; the consumed quota returns to the county's available quota.</summary>
public sealed record ReverseWriteOff(Guid LinkId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class ReverseWriteOffValidator : AbstractValidator<ReverseWriteOff>
{
    public ReverseWriteOffValidator()
    {
        RuleFor(c => c.LinkId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class ReverseWriteOffHandler(LotOperations operations, RequestContext context, AccessPolicy access)
    : IRequestHandler<ReverseWriteOff, CommandResult>
{
    public Task<CommandResult> Handle(ReverseWriteOff command, CancellationToken ct) =>
        operations.DecideAsync<QuotaLink>(command.LinkId, _ => access.RequireCentre(context.Actor, "reverse write-offs"), command.ExpectedVersion,
            (link, lots) => link.ReverseWriteOff(lots, command.Reason), ct);
}
