using FluentValidation;
using Marten;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>
/// R5, after rectification: the centre records its re-check of a region for which the campaign froze and suspended; the
/// campaign's freezes there are lifted and the region's storage applications resume, citing the re-check, once no
/// campaign's decision for the region is left unrectified (a suspension by hand is lifted by hand).
/// </summary>
/// <param name="ExpectedVersion">The campaign's version (If-Match).</param>
public sealed record RecordRectificationRecheck(Guid CampaignId, string RegionCode, DateOnly CheckedOn, string Findings, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason
{
    public string Reason => Findings;
}

public sealed class RecordRectificationRecheckValidator : AbstractValidator<RecordRectificationRecheck>
{
    public RecordRectificationRecheckValidator()
    {
        RuleFor(c => c.CampaignId).NotEmpty();
        RuleFor(c => c.RegionCode).NotEmpty().Must(code => Domain.Shared.Regions.RegionCatalog.InnerMongolia.Find(code)?.Level
                is Domain.Shared.Regions.RegionLevel.Prefecture or Domain.Shared.Regions.RegionLevel.County)
            .WithMessage("'{PropertyValue}' is not a prefecture or county code of Inner Mongolia (GB/T 2260).");
        RuleFor(c => c.Findings).Reason();
    }
}

public sealed class RecordRectificationRecheckHandler(
    LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<RecordRectificationRecheck, CommandResult>
{
    public async Task<CommandResult> Handle(RecordRectificationRecheck command, CancellationToken ct)
    {
        var campaign = await session.LockOneAsync<InspectionCampaign>(command.CampaignId,
            _ => access.RequireCentre(context.Actor, "confirm rectification"), command.ExpectedVersion, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var recheckId = Guid.CreateVersion7();
        var confirmed = RectificationRecheck.Confirm(recheckId, campaign.State, command.RegionCode, command.CheckedOn, today,
            command.Findings, context.Actor);

        // Suspension, freezes, then their lots: the order in which field results and LiftFreeze lock them.
        var suspensionId = StorageSuspension.StreamIdOf(command.RegionCode);
        var suspension = (await session.LockAsync<StorageSuspension>([suspensionId], ct)).GetValueOrDefault(suspensionId);
        var heldBy = await UnrectifiedCampaignsAsync(command.CampaignId, command.RegionCode, ct);
        var freezeIds = campaign.State.DecisionFor(command.RegionCode)?.Freezes.Select(f => f.FreezeId).OfType<Guid>().ToArray() ?? [];
        var freezes = await session.LockAsync<Freeze>(freezeIds, ct);
        var heldIds = freezes.Values.Where(f => f.State.Status == FreezeStatus.Active).SelectMany(f => f.State.LotIds).Distinct().ToArray();
        var held = heldIds.Length == 0 ? null : await lots.LockAsync(heldIds, ct);

        var (rectified, lifted, unfrozen, resumed) = campaign.State.ConfirmRectification(command.RegionCode, recheckId,
            freezes.ToDictionary(f => f.Key, f => f.Value.State), held?.States ?? new Dictionary<Guid, Lot>(), suspension?.State, heldBy, command.Findings);
        session.Start<RectificationRecheck>(recheckId, confirmed);
        session.Append(command.CampaignId, campaign, rectified);
        foreach (var lift in lifted) session.Append(lift.FreezeId, freezes[lift.FreezeId], lift);
        if (held is not null) session.AppendLots(held.ById, unfrozen);
        if (resumed is not null) session.Append(suspensionId, suspension!, resumed);
        return new CommandResult(recheckId, 1);
    }

    /// <summary>
    /// The other campaigns whose R5 decision for the region has no re-check yet. Read after the region's suspension is
    /// locked: field results lock the suspension of every region they decide on, and a re-check locks it too, so a decision
    /// or re-check of the region in flight has committed before this read, which (read committed) then sees it.
    /// </summary>
    private async Task<IReadOnlyCollection<Guid>> UnrectifiedCampaignsAsync(Guid campaignId, string regionCode, CancellationToken ct)
    {
        // A campaign deciding for a region has the region in its scope (a county of its list or that county's prefecture),
        // which the documents' GIN index finds; the decisions are few, so they are read as they are.
        var concerned = await session.Events.Documents.Query<AggregateDocument<InspectionCampaign>>()
            .Where(d => d.Scope.Contains(regionCode)).ToListAsync(ct);
        return concerned.Where(d => d.Id != campaignId && d.State.DecisionFor(regionCode) is { RecheckId: null }).Select(d => d.Id).ToArray();
    }
}
