using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>
/// A county reports its on-site result of the monthly patrol, today, once its prefecture has forwarded the list; late when
/// past the report days of that forwarding. The centre's field results, not this report, are what R5 acts on.
/// </summary>
public sealed record ReportPatrolResult(Guid CampaignId, string Summary, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason
{
    public string Reason => Summary;
}

public sealed class ReportPatrolResultValidator : AbstractValidator<ReportPatrolResult>
{
    public ReportPatrolResultValidator()
    {
        RuleFor(c => c.CampaignId).NotEmpty();
        RuleFor(c => c.Summary).Reason();
    }
}

public sealed class ReportPatrolResultHandler(
    LedgerSession session, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<ReportPatrolResult, CommandResult>
{
    public async Task<CommandResult> Handle(ReportPatrolResult command, CancellationToken ct)
    {
        var actor = context.Actor;
        var campaign = await session.LockOneAsync<InspectionCampaign>(command.CampaignId, c =>
        {
            if (actor.Role != Role.County) throw new ForbiddenException("Counties report their on-site results of the patrol.");
            access.RequireSee(actor, c);
        }, command.ExpectedVersion, ct);
        var reported = campaign.State.ReportPatrolResult(actor.Organisation, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            command.Summary, regions);
        session.Append(command.CampaignId, campaign, reported);
        return new CommandResult(command.CampaignId, campaign.Version + 1);
    }
}
