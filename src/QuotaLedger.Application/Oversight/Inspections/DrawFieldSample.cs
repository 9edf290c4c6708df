using System.Security.Cryptography;
using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Policy;
using QuotaLedger.Domain.Oversight.Inspections;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>
/// The annual check draws its field sample (F-2023 §十四): at least the regime's share of the suspects, rounded up, with the
/// seed given or, without one, a seed the service draws at random; the seed is recorded, so the sample can be redrawn.
/// </summary>
public sealed record DrawFieldSample(Guid CampaignId, long? Seed, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason
{
    public string Reason => "field sample drawn";
}

public sealed class DrawFieldSampleValidator : AbstractValidator<DrawFieldSample>
{
    public DrawFieldSampleValidator() => RuleFor(c => c.CampaignId).NotEmpty();
}

public sealed class DrawFieldSampleHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<DrawFieldSample, CommandResult>
{
    public async Task<CommandResult> Handle(DrawFieldSample command, CancellationToken ct)
    {
        var campaign = await session.LockOneAsync<InspectionCampaign>(command.CampaignId,
            _ => access.RequireCentre(context.Actor, "draw field samples"), command.ExpectedVersion, ct);
        var seed = command.Seed ?? BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
        var drawn = campaign.State.DrawSample(seed, await PolicyParameterSets.ReadAsync(session, ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        session.Append(command.CampaignId, campaign, drawn);
        return new CommandResult(command.CampaignId, campaign.Version + 1);
    }
}
