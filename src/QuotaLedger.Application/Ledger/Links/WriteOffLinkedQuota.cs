using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Links;

namespace QuotaLedger.Application.Ledger.Links;

/// <summary>核销: the land-use approval was granted, so the linked quota is consumed for good (R7).</summary>
public sealed record WriteOffLinkedQuota(Guid LinkId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class WriteOffLinkedQuotaValidator : AbstractValidator<WriteOffLinkedQuota>
{
    public WriteOffLinkedQuotaValidator()
    {
        RuleFor(c => c.LinkId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class WriteOffLinkedQuotaHandler(LotOperations operations, RequestContext context, AccessPolicy access)
    : IRequestHandler<WriteOffLinkedQuota, CommandResult>
{
    public Task<CommandResult> Handle(WriteOffLinkedQuota command, CancellationToken ct) =>
        operations.DecideAsync<QuotaLink>(command.LinkId, l => access.RequireActOn<QuotaLink>(context.Actor, l.County), command.ExpectedVersion,
            (link, lots) => link.WriteOff(lots, command.Reason), ct);
}
