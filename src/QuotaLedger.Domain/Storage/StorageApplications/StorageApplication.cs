using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Storage.StorageApplications;

public enum ApplicationStatus
{
    Pending,
    Withdrawn,
    Approved,
    Rejected,
    ApprovalReversed,
}

/// <summary>The acceptance (验收) of a finished project: what was verified on site (R4).</summary>
public sealed record Acceptance(Measures Verified, int? QualityGrade, DateOnly AcceptedOn, DateOnly LandTypeChangedOn);

public sealed record StorageApplicationSubmitted(
    Guid ApplicationId, Guid ProjectId, string County, QuotaKind Kind, Acceptance Acceptance, DateOnly FiledOn) : IEventOf<StorageApplication>;

public sealed record StorageApplicationWithdrawn(Guid ApplicationId, string County, string Reason) : IEventOf<StorageApplication>;

public sealed record StorageApplicationApproved(Guid ApplicationId, string County, Guid LotId) : IEventOf<StorageApplication>;

public sealed record StorageApplicationRejected(Guid ApplicationId, string County, string Reason) : IEventOf<StorageApplication>;

/// <summary>R11 correction: the approval was a mistake and the lot it issued has been withdrawn.</summary>
public sealed record StorageApprovalReversed(Guid ApplicationId, string County, Guid LotId, string Reason) : IEventOf<StorageApplication>;

/// <summary>入库申请: a county asks the centre to record a project's accepted new quota in the ledger.</summary>
public sealed record StorageApplication(
    Guid Id,
    Guid ProjectId,
    [RegionCode] string County,
    QuotaKind Kind,
    Acceptance Acceptance,
    DateOnly FiledOn,
    ApplicationStatus Status,
    Guid? LotId,
    string? Reason) : IAggregate<StorageApplication>
{
    public const int BestGrade = 1;
    public const int WorstGrade = 15;

    public static string StreamType => "storage_application";

    public IReadOnlyCollection<string> Parties => [County];

    public static StorageApplication? Evolve(StorageApplication? state, IDomainEvent @event) => @event switch
    {
        StorageApplicationSubmitted e => new StorageApplication(e.ApplicationId, e.ProjectId, e.County, e.Kind, e.Acceptance,
            e.FiledOn, ApplicationStatus.Pending, null, null),
        StorageApplicationWithdrawn e => state! with { Status = ApplicationStatus.Withdrawn, Reason = e.Reason },
        StorageApplicationApproved e => state! with { Status = ApplicationStatus.Approved, LotId = e.LotId },
        StorageApplicationRejected e => state! with { Status = ApplicationStatus.Rejected, Reason = e.Reason },
        StorageApprovalReversed e => state! with { Status = ApplicationStatus.ApprovalReversed, Reason = e.Reason },
        _ => state,
    };

    /// <summary>
    /// R4 and R5: a county files the acceptance of its own project; the verified measures keep within the plan and the
    /// tolerance in force (<see cref="StoragePolicy"/>).
    /// </summary>
    public static StorageApplicationSubmitted Submit(Guid applicationId, Project project, Acceptance acceptance, DateOnly today,
        decimal verificationTolerancePercent, bool storageSuspended, bool projectAlreadyStored)
    {
        if (storageSuspended)
            throw new RuleViolationException(Rule.StorageSuspended,
                $"R5: storage applications of {project.County} are suspended until rectification of abandoned farmland is confirmed.");
        if (projectAlreadyStored)
            throw new RuleViolationException(Rule.InvalidState,
                $"Project {project.Id} already has a pending or approved storage application.");
        Quantities.RequireMovable(project.Kind, acceptance.Verified, "verified");
        if (project.Kind == QuotaKind.Replenishment)
        {
            if (acceptance.QualityGrade is not (>= BestGrade and <= WorstGrade))
                throw new RuleViolationException(Rule.AcceptanceRequired,
                    $"R4: replenishment acceptance needs the quality grade of the new farmland ({BestGrade} best to {WorstGrade} worst).");
            if (acceptance.Verified.PaddyArea > acceptance.Verified.Area)
                throw new RuleViolationException(Rule.AcceptanceRequired, "R4: the verified paddy area cannot exceed the verified area.");
        }
        else if (acceptance.QualityGrade is not null)
            throw new RuleViolationException(Rule.InvalidAmount, "R1: linkage surplus quota carries no quality grade.");
        if (acceptance.AcceptedOn > today)
            throw new RuleViolationException(Rule.AcceptanceRequired, $"R4: the acceptance date {acceptance.AcceptedOn} lies after the filing ({today}).");
        if (acceptance.LandTypeChangedOn > today)
            throw new RuleViolationException(Rule.AcceptanceRequired,
                $"R4: the land-type change ({acceptance.LandTypeChangedOn}) must be recorded before the filing ({today}): 先变更地类再验收报备.");
        RequireVerifiedWithinPlan(acceptance.Verified, project.Planned, verificationTolerancePercent);
        return new StorageApplicationSubmitted(applicationId, project.Id, project.County, project.Kind, acceptance, today);
    }

    public StorageApplicationWithdrawn Withdraw(string reason)
    {
        RequirePending("withdrawn");
        return new(Id, County, reason);
    }

    public StorageApplicationRejected Reject(string reason)
    {
        RequirePending("rejected");
        return new(Id, County, reason);
    }

    /// <summary>
    /// R4: approval issues a new lot to the county, carrying the project's provenance. The verified measures are held
    /// against the plan again, as it stands now and with the tolerance in force today: the plan may have been amended
    /// since the filing, and the quota is issued now.
    /// </summary>
    public (StorageApplicationApproved Approved, LotIssued Issued) Approve(Project project, Guid lotId,
        decimal verificationTolerancePercent, bool storageSuspended)
    {
        RequirePending("approved");
        if (project.Id != ProjectId)
            throw new ArgumentException($"Application {Id} belongs to project {ProjectId}, not {project.Id}.", nameof(project));
        if (storageSuspended)
            throw new RuleViolationException(Rule.StorageSuspended,
                $"R5: storage applications of {County} are suspended until rectification of abandoned farmland is confirmed.");
        RequireVerifiedWithinPlan(Acceptance.Verified, project.Planned, verificationTolerancePercent);
        var provenance = new Provenance(ProjectId, project.Name, Id, County,
            Kind == QuotaKind.Replenishment ? project.LandSource : null, Acceptance.QualityGrade, PlanYear: Acceptance.AcceptedOn.Year);
        return (new StorageApplicationApproved(Id, County, lotId), new LotIssued(lotId, County, Kind, Acceptance.Verified, provenance));
    }

    public StorageApprovalReversed ReverseApproval(string reason) =>
        Status == ApplicationStatus.Approved && LotId is { } lotId
            ? new StorageApprovalReversed(Id, County, lotId, reason)
            : throw new RuleViolationException(Rule.InvalidState, $"Application {Id} is {Spelling.Of(Status)}, not approved.");

    /// <summary>
    /// R4: each verified measure is at most its planned measure plus the tolerance. A measure planned at 0 allows none:
    /// the tolerance is relative to the plan, and quota the plan never foresaw (paddy on a project planned without any)
    /// needs the plan amended first, with its reason on record.
    /// </summary>
    private static void RequireVerifiedWithinPlan(Measures verified, Measures planned, decimal tolerancePercent)
    {
        var over = new (string Measure, decimal Verified, decimal Planned, string Unit)[]
            {
                ("area", verified.Area, planned.Area, "mu"),
                ("grain capacity", verified.GrainCapacity, planned.GrainCapacity, "kg"),
                ("paddy area", verified.PaddyArea, planned.PaddyArea, "mu"),
            }
            // verified ≤ planned × (100 + p) / 100, multiplied out so that no division rounds.
            .Where(m => m.Verified * 100 > m.Planned * (100 + tolerancePercent))
            .Select(m => $"{m.Measure} {m.Verified} {m.Unit} against {m.Planned} {m.Unit} planned")
            .ToArray();
        if (over.Length > 0)
            throw new RuleViolationException(Rule.VerifiedExceedsPlanned,
                $"R4: the verified measures exceed the plan by more than the {tolerancePercent}% tolerance: {string.Join("; ", over)}. " +
                "The centre may amend the project's plan, with a reason, if the plan was wrong.");
    }

    private void RequirePending(string action)
    {
        if (Status != ApplicationStatus.Pending)
            throw new RuleViolationException(Rule.InvalidState, $"Application {Id} is {Spelling.Of(Status)} and can no longer be {action}.");
    }
}
