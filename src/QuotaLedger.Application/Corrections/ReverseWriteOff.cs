using FluentValidation;
using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Consumption;

namespace QuotaLedger.Application.Corrections;

/// <summary>R11: a write-off (核销) recorded in error; the consumed quota returns to the county's available quota.</summary>
public sealed record ReverseWriteOff(Guid LinkId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason, IHasExpectedVersion;

public sealed class ReverseWriteOffValidator : AbstractValidator<ReverseWriteOff>
{
    public ReverseWriteOffValidator()
    {
        RuleFor(c => c.LinkId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class ReverseWriteOffHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<ReverseWriteOff, CommandResult>
{
    public async Task<CommandResult> Handle(ReverseWriteOff command, CancellationToken ct)
    {
        var link = await session.LockOneAsync<QuotaLink>(command.LinkId,
            _ => access.RequireCentre(context.Actor, "reverse write-offs"), command.ExpectedVersion, ct);
        var locked = await lots.LockAsync(link.State.LotIds.ToArray(), ct);

        var (reversed, lotEvents) = link.State.ReverseWriteOff(locked.States, command.Reason!);
        session.Append(link.State.Id, link, reversed);
        session.AppendLots(locked.ById, lotEvents);
        return new CommandResult(link.State.Id, link.Version + 1);
    }
}
