using JasperFx.Events.Projections;
using Marten;
using QuotaLedger.Application.Oversight.HomeBalance;
using QuotaLedger.Application.Oversight.Progress;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight;

/// <summary>
/// The oversight module's part of the store: plan targets and progress (R10), inspection campaigns (R5), reclamation
/// commitments and their deductions (R8), the reports on balance at home (R6), audit and exports.
/// </summary>
public static class OversightModule
{
    /// <summary>The tables its inline projections write (<see cref="PlanIssuanceProjection"/>, <see cref="LotRoutesProjection"/>).</summary>
    public static readonly string[] InlineTables = ["ql_plan_issuance", "ql_lot_routes"];

    public static void Configure(StoreOptions opts, RegionCatalog regions)
    {
        opts.Projections.Add(new LotRoutesProjection(), ProjectionLifecycle.Inline);
        opts.Storage.ExtendedSchemaObjects.Add(LotRoutes.Table());
        AggregateDocuments.Register<ReclamationCommitment>(opts, regions);
        AggregateDocuments.Register<CountyQuotaDebt>(opts, regions);
        AggregateDocuments.Register<InspectionCampaign>(opts, regions);
        AggregateDocuments.Register<RectificationRecheck>(opts, regions);
        AggregateDocuments.Register<Domain.Oversight.PlanTargets.PlanTargets>(opts, regions);
        opts.Projections.Add(new PlanIssuanceProjection(regions), ProjectionLifecycle.Inline);
        opts.Storage.ExtendedSchemaObjects.Add(PlanIssuanceProjection.Table());
    }
}
