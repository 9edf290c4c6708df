using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using QuotaLedger.Domain.Storage.Projects;
using static QuotaLedger.Domain.Tests.Support.Examples;

namespace QuotaLedger.Domain.Tests.Oversight;

/// <summary>Campaigns, projects and lots for the deciders of inspection campaigns.</summary>
public static class InspectionExamples
{
    public static readonly Guid CampaignId = Id("campaign");
    public static readonly DateOnly Today = new(2024, 6, 3);
    public static readonly CampaignPeriod Year2023 = new(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31));

    public static Guid ProjectOf(string county, int n) => Id($"project {n} of {county}");

    public static Project Project(Guid id, string county) =>
        new(id, county, QuotaKind.Replenishment, $"project {id}", LandSource.FarmlandConsolidation, 2, false, Area(100));

    /// <summary>A campaign of the type on the projects given, created today under the built-in regimes.</summary>
    public static InspectionCampaign Campaign(CampaignType type, params (Guid Project, string County)[] projects)
    {
        var created = InspectionCampaign.Create(CampaignId, type, "2023 annual imagery check", Year2023,
            projects.Select(p => (p.Project, 5m, FindingCode.Abandonment)).ToArray(),
            projects.ToDictionary(p => p.Project, p => Project(p.Project, p.County)), PolicyParameters.BuiltIn, Today, Alice);
        return InspectionCampaign.Evolve(null, created)!;
    }

    public static InspectionCampaign Then(this InspectionCampaign campaign, IDomainEvent e) => InspectionCampaign.Evolve(campaign, e)!;

    public static (Guid, FieldOutcome, FindingCode?, Measures) AbandonedResult(Guid project, Measures confirmed) =>
        (project, FieldOutcome.Confirmed, FindingCode.Abandonment, confirmed);

    public static Lot LotOf(Guid lotId, string county, Guid project, Measures amount) =>
        Lot.Evolve(null, new LotIssued(lotId, county, QuotaKind.Replenishment, amount,
            new Provenance(project, $"project {project}", Id($"application {lotId}"), county, LandSource.FarmlandConsolidation, 5)))!;
}
