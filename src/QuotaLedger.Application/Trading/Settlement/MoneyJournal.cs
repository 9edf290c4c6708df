using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Settlement;
using QuotaLedger.Store;
using Weasel.Postgresql.Tables;
using static QuotaLedger.Store.MartenSetup;

namespace QuotaLedger.Application.Trading.Settlement;

/// <summary>
/// Trading's money ledger, kept inline with the events: two lines per movement (<see cref="MoneyMovement"/>), the amount
/// taken from one account and given to the other, so that every account's balance at any moment is a sum.
/// </summary>
public sealed class MoneyJournalProjection : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        // Not every event is the domain's: a rebuild also reads Marten's tombstones.
        var lines = events.Where(e => e.Data is Domain.Shared.IDomainEvent).SelectMany(e => MoneyMovement.Of((Domain.Shared.IDomainEvent)e.Data)
                .SelectMany(m => new[] { (Movement: m, Account: m.From, Amount: -m.Amount), (Movement: m, Account: m.To, Amount: m.Amount) })
                .Select((l, i) => (Event: e, Line: i, l.Movement, l.Account, l.Amount)))
            .ToArray();
        if (lines.Length == 0) return Task.CompletedTask;
        operations.QueueSqlCommand($"""
            INSERT INTO {Schema}.ql_money_journal
                (seq_id, line, account, amount, buyer_id, listing_id, deal_id, county, bank_reference, timestamp)
            SELECT * FROM unnest(?::bigint[], ?::integer[], ?::text[], ?::numeric[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::timestamptz[])
            """,
            lines.Select(l => l.Event.Sequence).ToArray(), lines.Select(l => l.Line).ToArray(),
            lines.Select(l => MoneyJournal.AccountName(l.Account)).ToArray(), lines.Select(l => l.Amount).ToArray(),
            lines.Select(l => l.Movement.BuyerId).ToArray(), lines.Select(l => l.Movement.ListingId).ToArray(),
            lines.Select(l => l.Movement.DealId).ToArray(), lines.Select(l => l.Movement.County).ToArray(),
            lines.Select(l => l.Movement.BankReference).ToArray(), lines.Select(l => l.Event.Timestamp).ToArray());
        return Task.CompletedTask;
    }
}

public static class MoneyJournal
{
    public static string AccountName(MoneyAccount account) => SnakeCaseEnumConverter.NameOf(account);

    public static Table Table()
    {
        var table = new Table(ObjectName("ql_money_journal"));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn<int>("line").AsPrimaryKey();
        table.AddColumn<string>("account").NotNull();
        table.AddColumn("amount", "numeric(24,2)").NotNull();
        table.AddColumn<Guid>("buyer_id").NotNull();
        table.AddColumn<Guid>("listing_id");
        table.AddColumn<Guid>("deal_id");
        table.AddColumn<string>("county");
        table.AddColumn<string>("bank_reference");
        table.AddColumn<DateTimeOffset>("timestamp").NotNull();
        table.Indexes.Add(new IndexDefinition("ql_money_journal_buyer") { Columns = ["buyer_id", "seq_id"] });
        return table;
    }
}
