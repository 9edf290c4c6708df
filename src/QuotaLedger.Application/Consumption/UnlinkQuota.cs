using FluentValidation;
using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Consumption;

namespace QuotaLedger.Application.Consumption;

/// <summary>解挂: the land-use approval application failed or was withdrawn; the linked quota returns to available.</summary>
public sealed record UnlinkQuota(Guid LinkId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason, IHasExpectedVersion;

public sealed class UnlinkQuotaValidator : AbstractValidator<UnlinkQuota>
{
    public UnlinkQuotaValidator()
    {
        RuleFor(c => c.LinkId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class UnlinkQuotaHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<UnlinkQuota, CommandResult>
{
    public async Task<CommandResult> Handle(UnlinkQuota command, CancellationToken ct)
    {
        var link = await session.LockOneAsync<QuotaLink>(command.LinkId,
            l => access.RequireActOn<QuotaLink>(context.Actor, l.County), command.ExpectedVersion, ct);
        var locked = await lots.LockAsync(link.State.LotIds.ToArray(), ct);

        var (unlinked, lotEvents) = link.State.Unlink(locked.States, command.Reason!);
        session.Append(link.State.Id, link, unlinked);
        session.AppendLots(locked.ById, lotEvents);
        return new CommandResult(link.State.Id, link.Version + 1);
    }
}
