using FluentValidation;
using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Consumption;

namespace QuotaLedger.Application.Consumption;

/// <summary>核销: the land-use approval was granted, so the linked quota is consumed for good (R7).</summary>
public sealed record WriteOffLinkedQuota(Guid LinkId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason, IHasExpectedVersion;

public sealed class WriteOffLinkedQuotaValidator : AbstractValidator<WriteOffLinkedQuota>
{
    public WriteOffLinkedQuotaValidator()
    {
        RuleFor(c => c.LinkId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class WriteOffLinkedQuotaHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access)
    : IRequestHandler<WriteOffLinkedQuota, CommandResult>
{
    public async Task<CommandResult> Handle(WriteOffLinkedQuota command, CancellationToken ct)
    {
        var link = await session.LockOneAsync<QuotaLink>(command.LinkId,
            l => access.RequireActOn<QuotaLink>(context.Actor, l.County), command.ExpectedVersion, ct);
        var locked = await lots.LockAsync(link.State.LotIds.ToArray(), ct);

        var (writtenOff, lotEvents) = link.State.WriteOff(locked.States, command.Reason!);
        session.Append(link.State.Id, link, writtenOff);
        session.AppendLots(locked.ById, lotEvents);
        return new CommandResult(link.State.Id, link.Version + 1);
    }
}
