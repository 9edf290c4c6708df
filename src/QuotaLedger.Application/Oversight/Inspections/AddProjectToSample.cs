using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>The centre adds a suspect project of the annual check to its drawn field sample by hand, with a reason.</summary>
public sealed record AddProjectToSample(Guid CampaignId, Guid ProjectId, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class AddProjectToSampleValidator : AbstractValidator<AddProjectToSample>
{
    public AddProjectToSampleValidator()
    {
        RuleFor(c => c.CampaignId).NotEmpty();
        RuleFor(c => c.ProjectId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class AddProjectToSampleHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<AddProjectToSample, CommandResult>
{
    public async Task<CommandResult> Handle(AddProjectToSample command, CancellationToken ct)
    {
        var campaign = await session.LockOneAsync<InspectionCampaign>(command.CampaignId,
            _ => access.RequireCentre(context.Actor, "add projects to field samples"), command.ExpectedVersion, ct);
        session.Append(command.CampaignId, campaign, campaign.State.AddToSample(command.ProjectId, command.Reason));
        return new CommandResult(command.CampaignId, campaign.Version + 1);
    }
}
