using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Links;

namespace QuotaLedger.Application.Ledger.Links;

/// <summary>解挂: the land-use approval application failed or was withdrawn; the linked quota returns to available.</summary>
public sealed record UnlinkQuota(Guid LinkId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class UnlinkQuotaValidator : AbstractValidator<UnlinkQuota>
{
    public UnlinkQuotaValidator()
    {
        RuleFor(c => c.LinkId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class UnlinkQuotaHandler(LotOperations operations, RequestContext context, AccessPolicy access)
    : IRequestHandler<UnlinkQuota, CommandResult>
{
    public Task<CommandResult> Handle(UnlinkQuota command, CancellationToken ct) =>
        operations.DecideAsync<QuotaLink>(command.LinkId, l => access.RequireActOn<QuotaLink>(context.Actor, l.County), command.ExpectedVersion,
            (link, lots) => link.Unlink(lots, command.Reason), ct);
}
