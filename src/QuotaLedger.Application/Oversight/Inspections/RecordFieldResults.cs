using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Policy;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>What the field visit found on one project: confirmed (with the finding and the measures confirmed) or cleared.</summary>
public sealed record FieldResultEntry(Guid ProjectId, FieldOutcome Outcome, FindingCode? Finding = null, Measures? Confirmed = null);

/// <summary>
/// The centre records field results of a campaign. Where they make a county's or prefecture's confirmed abandonment reach
/// the threshold of the regime in force (R5), the same transaction freezes the matching quota and suspends the area's
/// storage applications, citing the campaign, once per region: the decision is recorded on the campaign, under its lock.
/// </summary>
public sealed record RecordFieldResults(Guid CampaignId, IReadOnlyList<FieldResultEntry> Results, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason
{
    public string Reason => "field results recorded";
}

public sealed class RecordFieldResultsValidator : AbstractValidator<RecordFieldResults>
{
    public RecordFieldResultsValidator()
    {
        RuleFor(c => c.CampaignId).NotEmpty();
        RuleFor(c => c.Results).NotEmpty().Must(r => r is null || r.Count <= InspectionCampaign.MaxProblems)
            .WithMessage($"Send 1 to {InspectionCampaign.MaxProblems} field results.");
        RuleForEach(c => c.Results).ChildRules(r =>
        {
            r.RuleFor(e => e.ProjectId).NotEmpty();
            r.RuleFor(e => e.Finding).NotNull().When(e => e.Outcome == FieldOutcome.Confirmed)
                .WithMessage("A confirmed result names its finding.");
            r.RuleFor(e => e.Confirmed).NotNull().When(e => e.Outcome == FieldOutcome.Confirmed)
                .WithMessage("A confirmed result gives the measures confirmed on site.");
            r.RuleFor(e => e.Finding).Null().When(e => e.Outcome == FieldOutcome.Cleared)
                .WithMessage("A cleared project has no finding.");
            r.RuleFor(e => e.Confirmed).Null().When(e => e.Outcome == FieldOutcome.Cleared)
                .WithMessage("A cleared project has no confirmed measures.");
        });
        // R1 on the confirmed measures, named by their path (results[0].confirmed.area). A failure added for an element is
        // prefixed with the element's path, so it names only what lies below it (Validation.Amount names the whole path,
        // which here would name the element twice).
        RuleForEach(c => c.Results).Custom((entry, context) =>
        {
            if (entry?.Confirmed is not { } confirmed) return;
            const string path = nameof(FieldResultEntry.Confirmed);
            var errors = Quantities.MeasureErrors(QuotaKind.Replenishment, confirmed).ToArray();
            foreach (var (measure, error) in errors) context.AddFailure($"{path}.{measure}", $"R1: {error}.");
            if (errors.Length == 0 && confirmed.IsZero) context.AddFailure(path, "The confirmed measures are positive in at least one measure.");
        });
    }
}

public sealed class RecordFieldResultsHandler(
    LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<RecordFieldResults, CommandResult>
{
    public async Task<CommandResult> Handle(RecordFieldResults command, CancellationToken ct)
    {
        // The campaign's lock holds R5's decisions: two recordings for it decide one after the other, the second on the first's.
        var campaign = await session.LockOneAsync<InspectionCampaign>(command.CampaignId,
            _ => access.RequireCentre(context.Actor, "record field results"), command.ExpectedVersion, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var recorded = campaign.State.RecordResults(
            command.Results.Select(r => (r.ProjectId, r.Outcome, r.Finding, r.Confirmed ?? Measures.Zero)).ToArray(), today);
        var state = InspectionCampaign.Evolve(campaign.State, recorded)!;
        var events = new List<IDomainEvent> { recorded };

        var regime = (await PolicyParameterSets.ReadAsync(session, ct)).InForceOn(today);
        var prefectures = state.ConfirmedAbandonment.Select(r => regions.PrefectureOf(r.County)!).Distinct().ToArray();
        var counties = regions.All.Where(r => r.Level == RegionLevel.County && prefectures.Contains(r.ParentCode)).Select(r => r.Code).ToArray();
        var checks = counties.Length == 0
            ? []
            : state.ThresholdChecks(await IssuedQuotaArea.OfCountiesAsync(session, counties, ct), regime.AbandonmentFreezePercent, regions);

        if (checks.Count > 0)
        {
            // Suspensions before lots, as a re-check locks them: the same order everywhere, so no two commands deadlock.
            // Locking the suspension of every region decided on, suspended already or not, also serialises this decision
            // with a re-check of the region, which reads the other campaigns' decisions there under that lock.
            var suspensions = await session.LockAsync<StorageSuspension>(checks.Select(c => StorageSuspension.StreamIdOf(c.RegionCode)).ToArray(), ct);
            var toFreeze = checks.SelectMany(c => c.ToFreeze.Select(f => f.County)).Distinct().Order(StringComparer.Ordinal).ToArray();
            var locked = toFreeze.Length == 0 ? null : await lots.LockAllDrawableAsync(toFreeze, QuotaKind.Replenishment, ct);
            var lotStates = locked?.InOrder.ToList() ?? [];
            var frozen = new List<LotEvent>();

            foreach (var check in checks)
            {
                var suspensionId = StorageSuspension.StreamIdOf(check.RegionCode);
                var suspension = suspensions.GetValueOrDefault(suspensionId);
                var (reached, freezes, lotEvents, suspended) =
                    state.ReachThreshold(check, lotStates, suspension?.State, regime, Guid.CreateVersion7, today);
                state = InspectionCampaign.Evolve(state, reached)!;
                events.Add(reached);
                foreach (var freeze in freezes) session.Start<Freeze>(freeze.FreezeId, freeze);
                frozen.AddRange(lotEvents);
                // What one decision froze is not available to the next one of the same command.
                lotStates = lotStates.Select(l => lotEvents.Where(e => e.LotId == l.Id).Aggregate(l, (lot, e) => Lot.Evolve(lot, e)!)).ToList();
                if (suspended is null) continue;
                if (suspension is null) session.Start<StorageSuspension>(suspensionId, suspended);
                else session.Append(suspensionId, suspension, suspended);
            }
            if (locked is not null) session.AppendLots(locked.ById, frozen);
        }

        session.Append(command.CampaignId, campaign, events.ToArray());
        return new CommandResult(command.CampaignId, campaign.Version + events.Count);
    }
}
