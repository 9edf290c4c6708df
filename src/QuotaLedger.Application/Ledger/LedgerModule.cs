using JasperFx.Events.Projections;
using Marten;
using QuotaLedger.Application.Ledger.Totals;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Ledger;

/// <summary>The ledger module's part of the store: its aggregates' documents, its read models and their projections.</summary>
public static class LedgerModule
{
    /// <summary>The tables its inline projection writes (<see cref="LedgerProjection"/>).</summary>
    public static readonly string[] InlineTables = ["ql_journal", "ql_balances", "ql_balance_snapshots", "ql_lots"];

    public static void Configure(StoreOptions opts, RegionCatalog regions)
    {
        AggregateDocuments.Register<Lot>(opts, regions);
        AggregateDocuments.Register<Transfer>(opts, regions);
        AggregateDocuments.Register<QuotaLink>(opts, regions);
        AggregateDocuments.Register<Freeze>(opts, regions);
        AggregateDocuments.Register<Deduction>(opts, regions);
        opts.Projections.Add(new LedgerProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new LedgerTotalsProjection(regions), ProjectionLifecycle.Async, LedgerTotalsProjection.Name);
        opts.Storage.ExtendedSchemaObjects.AddRange(LedgerSchema.Tables);
    }
}
