using System.Text.Json.Serialization;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Projects;

namespace QuotaLedger.Domain.Oversight.Inspections;

/// <summary>What kind of monitoring a campaign is (F-2023 §一(四), §十四).</summary>
public enum CampaignType
{
    /// <summary>年度卫片核查: the yearly imagery check of stored replenishment projects, verified on a field sample.</summary>
    AnnualImageryCheck,
    /// <summary>月度卫片巡查: the monthly satellite patrol, forwarded by prefectures to counties under deadlines.</summary>
    MonthlySatellitePatrol,
    /// <summary>专项排查: a special sweep.</summary>
    SpecialSweep,
}

/// <summary>What imagery or a field visit found on new farmland.</summary>
public enum FindingCode
{
    /// <summary>撂荒: left unfarmed. The only finding that counts towards R5's freeze.</summary>
    Abandonment,
    /// <summary>非农化: turned to non-farm use.</summary>
    NonFarmUse,
    /// <summary>非粮化: farmed, but not with grain.</summary>
    NonGrainUse,
    /// <summary>水田返旱: paddy turned back into dry land.</summary>
    PaddyRevertedToDryLand,
}

public enum FieldOutcome
{
    /// <summary>The finding was confirmed on site, over the measures recorded.</summary>
    Confirmed,
    /// <summary>Nothing wrong was found on site.</summary>
    Cleared,
}

/// <summary>The days a campaign covers (a year for the annual check, a month for a patrol).</summary>
public sealed record CampaignPeriod(DateOnly From, DateOnly To);

/// <summary>One entry of the problem list: a project imagery flagged, with the area suspected and what was suspected.</summary>
public sealed record SuspectProject(Guid ProjectId, [RegionCode] string County, decimal SuspectedArea, FindingCode Finding);

/// <summary>
/// The annual check's field sample: drawn with <paramref name="Seed"/> at <paramref name="Percent"/>% of the suspects
/// under the regime <paramref name="PolicySetId"/> (<see cref="FieldSampling.Draw"/>), and projects added by hand.
/// </summary>
public sealed record FieldSample(long Seed, decimal Percent, string PolicySetId, IReadOnlyList<Guid> Drawn, IReadOnlyList<Guid> AddedByHand)
{
    public bool Contains(Guid projectId) => Drawn.Contains(projectId) || AddedByHand.Contains(projectId);
}

/// <summary>What the field visit found on one project: the finding over the measures confirmed, or cleared.</summary>
public sealed record FieldResult(Guid ProjectId, [RegionCode] string County, FieldOutcome Outcome, FindingCode? Finding, Measures Confirmed, DateOnly RecordedOn);

/// <summary>The quota one county's share of a threshold decision froze: what matched, what was frozen, what was lacking.</summary>
public sealed record ThresholdFreeze([RegionCode] string County, Guid? FreezeId, Measures Matched, Measures Frozen, Measures Shortfall);

/// <summary>
/// R5 decided once for a region of the campaign: its confirmed abandonment reached the threshold of its total quota area;
/// the freezes and the suspension made, and the re-check that confirmed rectification once there is one.
/// </summary>
/// <param name="SuspendedStorage">Whether this decision suspended the region's storage applications (false: they were already suspended).</param>
/// <param name="StorageHeldBy">
/// On rectification, the other campaigns whose decisions for the region were not rectified yet, and so kept its storage
/// applications suspended; none when the re-check resumed them or there was no campaign's suspension to resume.
/// </param>
public sealed record ThresholdDecision(
    [RegionCode] string RegionCode, RegionLevel Level, decimal AbandonedArea, decimal TotalArea, decimal ThresholdPercent, string PolicySetId,
    IReadOnlyList<ThresholdFreeze> Freezes, bool SuspendedStorage, IReadOnlyList<Guid> ProjectIds, DateOnly ReachedOn, Guid? RecheckId,
    IReadOnlyList<Guid>? StorageHeldBy = null);

/// <summary>A prefecture forwarded the patrol's problem list to its counties.</summary>
public sealed record PatrolForwarding([RegionCode] string Prefecture, DateOnly ForwardedOn);

/// <summary>A county reported its on-site result of the patrol.</summary>
public sealed record PatrolReport([RegionCode] string County, DateOnly ReportedOn, string Summary);

/// <summary>
/// The monthly patrol's deadlines: issued to the prefectures on <paramref name="IssuedOn"/>, forwarded within
/// <paramref name="ForwardDays"/>, each county's result due <paramref name="ReportDays"/> after its prefecture forwarded,
/// the days of the regime <paramref name="PolicySetId"/> in force on the day of issue.
/// </summary>
public sealed record PatrolSchedule(
    DateOnly IssuedOn, int ForwardDays, int ReportDays, string PolicySetId,
    IReadOnlyList<PatrolForwarding> Forwarded, IReadOnlyList<PatrolReport> Reports)
{
    public DateOnly ForwardDueOn => IssuedOn.AddDays(ForwardDays);
}

public sealed record InspectionCampaignCreated(
    Guid CampaignId, CampaignType Type, string Title, CampaignPeriod Period, IReadOnlyList<SuspectProject> Problems,
    DateOnly CreatedOn, string PolicySetId, string CreatedBy, PatrolSchedule? Patrol) : IEventOf<InspectionCampaign>;

/// <summary>The service drew the annual check's field sample; the seed and regime make it reproducible.</summary>
public sealed record FieldSampleDrawn(
    Guid CampaignId, long Seed, decimal Percent, string PolicySetId, int Suspects, IReadOnlyList<Guid> Drawn) : IEventOf<InspectionCampaign>;

/// <summary>The centre added a suspect project to the field sample by hand.</summary>
public sealed record SampleProjectAdded(Guid CampaignId, Guid ProjectId, string County, string Reason) : IEventOf<InspectionCampaign>;

public sealed record FieldResultsRecorded(Guid CampaignId, IReadOnlyList<FieldResult> Results) : IEventOf<InspectionCampaign>;

/// <summary>R5, decided once for the region: the freezes and the suspension it made are events of their own, citing the campaign.</summary>
public sealed record AbandonmentThresholdReached(
    Guid CampaignId, string RegionCode, RegionLevel Level, decimal AbandonedArea, decimal TotalArea, decimal ThresholdPercent,
    string PolicySetId, IReadOnlyList<ThresholdFreeze> Freezes, bool SuspendedStorage, IReadOnlyList<Guid> ProjectIds, DateOnly ReachedOn)
    : IEventOf<InspectionCampaign>;

/// <summary>
/// The centre's re-check confirmed the region's rectification: its freezes are lifted and its storage resumed unless
/// another campaign's decision for the region is not rectified yet.
/// </summary>
/// <param name="StorageHeldBy">The campaigns whose unrectified decisions kept the region's storage applications suspended.</param>
public sealed record RegionRectified(
    Guid CampaignId, string RegionCode, Guid RecheckId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Guid>? StorageHeldBy = null)
    : IEventOf<InspectionCampaign>;

public sealed record PatrolListForwarded(Guid CampaignId, string Prefecture, DateOnly ForwardedOn, DateOnly DueOn, bool Late)
    : IEventOf<InspectionCampaign>;

public sealed record PatrolResultReported(Guid CampaignId, string County, DateOnly ReportedOn, DateOnly DueOn, bool Late, string Summary)
    : IEventOf<InspectionCampaign>;

/// <summary>
/// 卫片监测: an inspection campaign (F-2023 §一(四), §十四): its problem list of suspect projects, the annual check's field
/// sample, the field results, and R5's decisions per region, taken automatically and once, under the campaign's lock.
/// </summary>
public sealed partial record InspectionCampaign(
    Guid Id,
    CampaignType Type,
    string Title,
    CampaignPeriod Period,
    IReadOnlyList<SuspectProject> Problems,
    DateOnly CreatedOn,
    string PolicySetId,
    string CreatedBy,
    FieldSample? Sample,
    IReadOnlyList<FieldResult> Results,
    IReadOnlyList<ThresholdDecision> Decisions,
    PatrolSchedule? Patrol) : IAggregate<InspectionCampaign>
{
    public const int MaxProblems = 5000;
    public const int MaxTitleLength = 200;

    public static string StreamType => "inspection_campaign";

    /// <summary>The counties of the problem list: they, their prefectures and the centre see the campaign.</summary>
    public IReadOnlyCollection<string> Parties => Problems.Select(p => p.County).Distinct().ToArray();

    public static InspectionCampaign? Evolve(InspectionCampaign? state, IDomainEvent @event) => @event switch
    {
        InspectionCampaignCreated e => new InspectionCampaign(e.CampaignId, e.Type, e.Title, e.Period, e.Problems, e.CreatedOn,
            e.PolicySetId, e.CreatedBy, null, [], [], e.Patrol),
        FieldSampleDrawn e => state! with { Sample = new FieldSample(e.Seed, e.Percent, e.PolicySetId, e.Drawn, []) },
        SampleProjectAdded e => state! with { Sample = state.Sample! with { AddedByHand = [.. state.Sample.AddedByHand, e.ProjectId] } },
        FieldResultsRecorded e => state! with { Results = [.. state.Results, .. e.Results] },
        AbandonmentThresholdReached e => state! with
        {
            Decisions = [.. state.Decisions, new ThresholdDecision(e.RegionCode, e.Level, e.AbandonedArea, e.TotalArea, e.ThresholdPercent,
                e.PolicySetId, e.Freezes, e.SuspendedStorage, e.ProjectIds, e.ReachedOn, null)],
        },
        RegionRectified e => state! with
        {
            Decisions = state.Decisions
                .Select(d => d.RegionCode == e.RegionCode ? d with { RecheckId = e.RecheckId, StorageHeldBy = e.StorageHeldBy } : d).ToArray(),
        },
        PatrolListForwarded e => state! with
        {
            Patrol = state.Patrol! with { Forwarded = [.. state.Patrol.Forwarded, new PatrolForwarding(e.Prefecture, e.ForwardedOn)] },
        },
        PatrolResultReported e => state! with
        {
            Patrol = state.Patrol! with { Reports = [.. state.Patrol.Reports, new PatrolReport(e.County, e.ReportedOn, e.Summary)] },
        },
        _ => state,
    };

    /// <summary>
    /// The centre opens a campaign on a problem list of replenishment projects (new farmland is what is monitored), each
    /// listed once. A patrol's list is issued to the prefectures on the day it is created; its deadlines are the regime's
    /// in force that day.
    /// </summary>
    public static InspectionCampaignCreated Create(
        Guid id, CampaignType type, string title, CampaignPeriod period, IReadOnlyList<(Guid ProjectId, decimal SuspectedArea, FindingCode Finding)> problems,
        IReadOnlyDictionary<Guid, Project> projects, PolicyParameters policy, DateOnly today, Actor centre)
    {
        if (period.To < period.From)
            throw new RuleViolationException(Rule.InvalidSchedule, $"The campaign's period ends ({period.To}) before it starts ({period.From}).");
        if (problems.Count == 0 || problems.Count > MaxProblems)
            throw new RuleViolationException(Rule.InvalidAmount, $"A problem list names 1 to {MaxProblems} projects.");
        if (problems.GroupBy(p => p.ProjectId).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new RuleViolationException(Rule.InvalidState, $"Project {twice.Key} is listed twice; a problem list names each project once.");
        var listed = problems.Select(p =>
        {
            var project = projects[p.ProjectId];
            if (project.Kind != QuotaKind.Replenishment)
                throw new RuleViolationException(Rule.KindMismatch,
                    $"Project {project.Id} creates {Spelling.Of(project.Kind)} quota; campaigns inspect new farmland, replenishment projects.");
            if (p.SuspectedArea <= 0 || !Quantities.HasAtMostDecimals(p.SuspectedArea, Measures.AreaDecimals))
                throw new RuleViolationException(Rule.InvalidAmount, $"R1: the suspected area of project {project.Id} is positive with at most {Measures.AreaDecimals} decimals.");
            return new SuspectProject(project.Id, project.County, p.SuspectedArea, p.Finding);
        }).ToArray();
        var regime = policy.InForceOn(today);
        var patrol = type == CampaignType.MonthlySatellitePatrol
            ? new PatrolSchedule(today, regime.PatrolForwardDays, regime.PatrolReportDays, regime.Id, [], [])
            : null;
        return new InspectionCampaignCreated(id, type, title, period, listed, today, regime.Id, centre.UserId, patrol);
    }

    /// <summary>
    /// The annual check draws its field sample once: at least the regime's field sample share of the suspects (the regime
    /// in force on the day of the draw), rounded up, chosen by <see cref="FieldSampling.Draw"/> with the seed given.
    /// </summary>
    public FieldSampleDrawn DrawSample(long seed, PolicyParameters policy, DateOnly today)
    {
        RequireAnnualCheck("draws a field sample");
        if (Sample is not null)
            throw new RuleViolationException(Rule.InvalidState,
                $"The field sample of campaign {Id} was drawn (seed {Sample.Seed}); suspects are added to it by hand.");
        var regime = policy.InForceOn(today);
        var drawn = FieldSampling.Draw(Problems.Select(p => p.ProjectId), regime.FieldSamplePercent, seed);
        return new FieldSampleDrawn(Id, seed, regime.FieldSamplePercent, regime.Id, Problems.Count, drawn);
    }

    /// <summary>Any suspect project can be added to the drawn sample by hand, once.</summary>
    public SampleProjectAdded AddToSample(Guid projectId, string reason)
    {
        RequireAnnualCheck("adds projects to a field sample");
        var suspect = RequireListed(projectId);
        if (Sample is null)
            throw new RuleViolationException(Rule.InvalidState, $"The field sample of campaign {Id} is not drawn yet; draw it first.");
        if (Sample.Contains(projectId))
            throw new RuleViolationException(Rule.InvalidState, $"Project {projectId} is already in the field sample.");
        return new SampleProjectAdded(Id, projectId, suspect.County, reason);
    }

    /// <summary>
    /// Field results, one per project and once: of a listed project, and in the annual check of a sampled one. A confirmed
    /// result names its finding and measures (R1); a cleared one none.
    /// </summary>
    public FieldResultsRecorded RecordResults(IReadOnlyList<(Guid ProjectId, FieldOutcome Outcome, FindingCode? Finding, Measures Confirmed)> results, DateOnly today)
    {
        if (results.Count == 0) throw new RuleViolationException(Rule.InvalidAmount, "Name at least one field result.");
        var recorded = results.Select(r =>
        {
            var suspect = RequireListed(r.ProjectId);
            if (Type == CampaignType.AnnualImageryCheck && Sample?.Contains(r.ProjectId) != true)
                throw new RuleViolationException(Rule.NotSampled,
                    $"Project {r.ProjectId} is not in the field sample of the annual check; add it to the sample first.");
            if (Results.Any(x => x.ProjectId == r.ProjectId) || results.Count(x => x.ProjectId == r.ProjectId) > 1)
                throw new RuleViolationException(Rule.InvalidState, $"The field result of project {r.ProjectId} is recorded once.");
            if (r.Outcome == FieldOutcome.Cleared)
                return r.Finding is null && r.Confirmed.IsZero
                    ? new FieldResult(r.ProjectId, suspect.County, FieldOutcome.Cleared, null, Measures.Zero, today)
                    : throw new RuleViolationException(Rule.InvalidAmount, $"A cleared project ({r.ProjectId}) has no finding and no confirmed measures.");
            if (r.Finding is not { } finding)
                throw new RuleViolationException(Rule.InvalidAmount, $"A confirmed result (project {r.ProjectId}) names its finding.");
            Quantities.RequireMovable(QuotaKind.Replenishment, r.Confirmed, "confirmed");
            return new FieldResult(r.ProjectId, suspect.County, FieldOutcome.Confirmed, finding, r.Confirmed, today);
        }).ToArray();
        return new FieldResultsRecorded(Id, recorded);
    }

    /// <summary>The confirmed abandonment (撂荒) among the field results.</summary>
    public IEnumerable<FieldResult> ConfirmedAbandonment =>
        Results.Where(r => r is { Outcome: FieldOutcome.Confirmed, Finding: FindingCode.Abandonment });

    public ThresholdDecision? DecisionFor(string regionCode) => Decisions.FirstOrDefault(d => d.RegionCode == regionCode);

    public PatrolListForwarded ForwardPatrolList(string prefecture, DateOnly today, RegionCatalog regions)
    {
        var patrol = RequirePatrol();
        if (!Problems.Any(p => regions.PrefectureOf(p.County) == prefecture))
            throw new RuleViolationException(Rule.NotOnProblemList, $"The patrol's problem list names no project of {prefecture}.");
        if (patrol.Forwarded.Any(f => f.Prefecture == prefecture))
            throw new RuleViolationException(Rule.InvalidState, $"{prefecture} has already forwarded the patrol's problem list.");
        var due = patrol.ForwardDueOn;
        return new PatrolListForwarded(Id, prefecture, today, due, today > due);
    }

    /// <summary>A county reports once its prefecture has forwarded the list, within the report days after that forwarding.</summary>
    public PatrolResultReported ReportPatrolResult(string county, DateOnly today, string summary, RegionCatalog regions)
    {
        var patrol = RequirePatrol();
        if (Problems.All(p => p.County != county))
            throw new RuleViolationException(Rule.NotOnProblemList, $"The patrol's problem list names no project of {county}.");
        if (patrol.Reports.Any(r => r.County == county))
            throw new RuleViolationException(Rule.InvalidState, $"{county} has already reported its on-site result of the patrol.");
        var forwarded = patrol.Forwarded.FirstOrDefault(f => f.Prefecture == regions.PrefectureOf(county))
                        ?? throw new RuleViolationException(Rule.InvalidState,
                            $"The prefecture of {county} has not forwarded the patrol's problem list yet.");
        var due = forwarded.ForwardedOn.AddDays(patrol.ReportDays);
        return new PatrolResultReported(Id, county, today, due, today > due, summary);
    }

    /// <summary>
    /// What a user may see of the campaign: the centre all of it, a prefecture or county the entries of the holders it
    /// sees (its own projects, results, decisions and deadlines), never another area's.
    /// </summary>
    public InspectionCampaign VisibleTo(Func<string, bool> canSee, RegionCatalog regions) => this with
    {
        Problems = Problems.Where(p => canSee(p.County)).ToArray(),
        Sample = Sample is null ? null : Sample with
        {
            Drawn = Sample.Drawn.Where(id => CanSeeProject(id, canSee)).ToArray(),
            AddedByHand = Sample.AddedByHand.Where(id => CanSeeProject(id, canSee)).ToArray(),
        },
        Results = Results.Where(r => canSee(r.County)).ToArray(),
        Decisions = Decisions.Where(d => canSee(d.RegionCode)).ToArray(),
        Patrol = Patrol is null ? null : Patrol with
        {
            Forwarded = Patrol.Forwarded
                .Where(f => canSee(f.Prefecture) || Problems.Any(p => canSee(p.County) && regions.PrefectureOf(p.County) == f.Prefecture)).ToArray(),
            Reports = Patrol.Reports.Where(r => canSee(r.County)).ToArray(),
        },
    };

    private bool CanSeeProject(Guid projectId, Func<string, bool> canSee) =>
        Problems.FirstOrDefault(p => p.ProjectId == projectId) is { } p && canSee(p.County);

    private SuspectProject RequireListed(Guid projectId) =>
        Problems.FirstOrDefault(p => p.ProjectId == projectId)
        ?? throw new RuleViolationException(Rule.NotOnProblemList, $"Project {projectId} is not on the problem list of campaign {Id}.");

    private void RequireAnnualCheck(string what)
    {
        if (Type != CampaignType.AnnualImageryCheck)
            throw new RuleViolationException(Rule.InvalidState, $"Only the annual imagery check {what}; campaign {Id} is a {Spelling.Of(Type)}.");
    }

    private PatrolSchedule RequirePatrol() =>
        Patrol ?? throw new RuleViolationException(Rule.InvalidState, $"Campaign {Id} is a {Spelling.Of(Type)}, not a monthly patrol.");
}
