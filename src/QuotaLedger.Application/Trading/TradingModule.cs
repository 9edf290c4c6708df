using JasperFx.Events.Projections;
using Marten;
using QuotaLedger.Application.Trading.Settlement;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Application.Trading.Proceeds;
using QuotaLedger.Application.Trading.Listings;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading.Agreements;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;
using QuotaLedger.Domain.Trading.Parameters;

namespace QuotaLedger.Application.Trading;

/// <summary>
/// The trading module's part of the store: its aggregates' documents, the sequence listings are numbered from, its money
/// ledger and the proceeds lines of delivered deals.
/// </summary>
public static class TradingModule
{
    /// <summary>The table its inline projection writes (<see cref="MoneyJournalProjection"/>).</summary>
    public static readonly string[] InlineTables = ["ql_money_journal"];

    public static void Configure(StoreOptions opts, RegionCatalog regions)
    {
        AggregateDocuments.Register<TradingParameters>(opts, regions);
        AggregateDocuments.Register<Buyer>(opts, regions);
        AggregateDocuments.Register<Listing>(opts, regions);
        AggregateDocuments.Register<Deposit>(opts, regions);
        AggregateDocuments.Register<Deal>(opts, regions);
        AggregateDocuments.Register<Agreement>(opts, regions);
        opts.Projections.Add(new MoneyJournalProjection(), ProjectionLifecycle.Inline);
        opts.Storage.ExtendedSchemaObjects.Add(MoneyJournal.Table());
        ProceedsProjection.Register(opts, regions);
        opts.Storage.ExtendedSchemaObjects.Add(ListingNumbers.Sequence());
    }
}
