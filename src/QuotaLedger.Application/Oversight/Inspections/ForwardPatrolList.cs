using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>
/// A prefecture records that it forwarded the monthly patrol's problem list to its counties, today; late when past the
/// forward days of the day of issue. Its counties' report days start today.
/// </summary>
public sealed record ForwardPatrolList(Guid CampaignId, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason
{
    public string Reason => "patrol problem list forwarded to the counties";
}

public sealed class ForwardPatrolListValidator : AbstractValidator<ForwardPatrolList>
{
    public ForwardPatrolListValidator() => RuleFor(c => c.CampaignId).NotEmpty();
}

public sealed class ForwardPatrolListHandler(
    LedgerSession session, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<ForwardPatrolList, CommandResult>
{
    public async Task<CommandResult> Handle(ForwardPatrolList command, CancellationToken ct)
    {
        var actor = context.Actor;
        var campaign = await session.LockOneAsync<InspectionCampaign>(command.CampaignId, c =>
        {
            if (actor.Role != Role.Prefecture)
                throw new ForbiddenException("Prefectures forward the patrol's problem list to their counties.");
            access.RequireSee(actor, c);
        }, command.ExpectedVersion, ct);
        var forwarded = campaign.State.ForwardPatrolList(actor.Organisation, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), regions);
        session.Append(command.CampaignId, campaign, forwarded);
        return new CommandResult(command.CampaignId, campaign.Version + 1);
    }
}
