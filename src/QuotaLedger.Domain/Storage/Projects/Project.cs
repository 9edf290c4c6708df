using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Storage.Projects;

public sealed record ProjectRegistered(
    Guid ProjectId,
    string County,
    QuotaKind Kind,
    string Name,
    LandSource LandSource,
    decimal SlopeDegrees,
    bool InEcologicalRedLine,
    Measures Planned) : IEventOf<Project>;

/// <summary>The centre corrects a project's planned measures; storage applications are held against the new plan.</summary>
public sealed record ProjectPlanAmended(Guid ProjectId, string County, Measures Planned, string Reason) : IEventOf<Project>;

/// <summary>A land consolidation or reclamation project of a county that creates quota once accepted.</summary>
public sealed record Project(
    Guid Id,
    [RegionCode] string County,
    QuotaKind Kind,
    string Name,
    LandSource LandSource,
    decimal SlopeDegrees,
    bool InEcologicalRedLine,
    Measures Planned) : IAggregate<Project>
{
    public const decimal MaxSlopeDegrees = 15m;

    public static string StreamType => "project";

    public IReadOnlyCollection<string> Parties => [County];

    public static Project? Evolve(Project? state, IDomainEvent @event) => @event switch
    {
        ProjectRegistered e => new Project(e.ProjectId, e.County, e.Kind, e.Name, e.LandSource, e.SlopeDegrees,
            e.InEcologicalRedLine, e.Planned),
        ProjectPlanAmended e => state! with { Planned = e.Planned },
        _ => state,
    };

    /// <summary>R3: refuses replenishment projects on land that may not be turned into new farmland.</summary>
    public static ProjectRegistered Register(Guid projectId, string county, QuotaKind kind, string name, LandSource source,
        decimal slopeDegrees, bool inEcologicalRedLine, Measures planned)
    {
        if (kind == QuotaKind.Replenishment)
        {
            var refusal = source switch
            {
                LandSource.SeverelyDesertifiedLand => "severely desertified land",
                LandSource.IllegallyClearedForestOrGrassland => "land cleared by illegally destroying forest or grassland",
                LandSource.FilledLake => "a lake filled in",
                LandSource.RiverBeach => "a river beach",
                LandSource.FilledWetland => "a filled wetland",
                LandSource.SteepSlope => "a slope over 15 degrees",
                _ when slopeDegrees > MaxSlopeDegrees => $"a slope of {slopeDegrees} degrees (over 15)",
                _ when inEcologicalRedLine => "land inside the ecological protection red line",
                _ => null,
            };
            if (refusal is not null)
                throw new RuleViolationException(Rule.LandSourceRefused,
                    $"R3 (F-2023 §十二): replenishment quota may not be created from {refusal}.");
        }
        Quantities.RequireShape(kind, planned, "planned");
        return new ProjectRegistered(projectId, county, kind, name, source, slopeDegrees, inEcologicalRedLine, planned);
    }

    /// <summary>R1 on the new plan, as at registration; an amendment that changes nothing is refused, so that each says what changed.</summary>
    public ProjectPlanAmended AmendPlan(Measures planned, string reason)
    {
        Quantities.RequireShape(Kind, planned, "planned");
        if (planned == Planned)
            throw new RuleViolationException(Rule.InvalidState, $"Project {Id} is already planned at {planned}.");
        return new ProjectPlanAmended(Id, County, planned, reason);
    }
}
