using QuotaLedger.Store;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace QuotaLedger.Application.Ledger;

/// <summary>
/// The ledger module's read-model tables, created and upgraded by Marten's migration with its own. Columns are declared with the
/// types PostgreSQL itself reports, so that a migration finds nothing to change on a database it already built.
/// </summary>
public static class LedgerSchema
{
    public static IEnumerable<ISchemaObject> Tables => [Lots(), JournalTable(), Balances(), BalanceSnapshots(), LedgerTotals()];

    /// <summary>The lots a command may draw on, with what each has available; never negative, whatever the code does.</summary>
    private static Table Lots()
    {
        var table = new Table(MartenSetup.ObjectName("ql_lots"));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("holder").NotNull();
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn<string>("origin_county").NotNull();
        table.AddColumn<long>("created_seq").NotNull();
        AddMeasures(table, "available_");
        foreach (var column in new[] { "available_area", "available_grain", "available_paddy" })
            table.CheckConstraints.Add(new TableCheckConstraint($"ql_lots_{column}_check", $"({column} >= (0)::numeric)"));
        table.Indexes.Add(new IndexDefinition("ql_lots_holder") { Columns = ["holder", "kind", "created_seq"] });
        return table;
    }

    /// <summary>The ledger journal: one line per bucket a lot event changed. Balances at any moment are its sums.</summary>
    private static Table JournalTable()
    {
        var table = new Table(MartenSetup.ObjectName("ql_journal"));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn<string>("bucket").AsPrimaryKey();
        table.AddColumn<Guid>("lot_id").NotNull();
        table.AddColumn<string>("holder").NotNull();
        table.AddColumn<string>("kind").NotNull();
        AddMeasures(table, "");
        table.AddColumn<DateTimeOffset>("timestamp").NotNull();
        table.Indexes.Add(new IndexDefinition("ql_journal_holder_time") { Columns = ["holder", "timestamp", "seq_id"] });
        // One balance's lines in time order: what an asOf read adds to a snapshot, and what a new snapshot leaves out.
        table.Indexes.Add(new IndexDefinition("ql_journal_balance_time") { Columns = ["holder", "kind", "bucket", "timestamp"] });
        return table;
    }

    private static Table Balances()
    {
        var table = new Table(MartenSetup.ObjectName("ql_balances"));
        table.AddColumn<string>("holder").AsPrimaryKey();
        table.AddColumn<string>("kind").AsPrimaryKey();
        table.AddColumn<string>("bucket").AsPrimaryKey();
        AddMeasures(table, "");
        // The journal lines summed so far: each time it passes a multiple of LedgerProjection.SnapshotEvery, a snapshot is taken.
        table.AddColumn<long>("lines").NotNull().DefaultValueByExpression("0");
        table.CheckConstraints.Add(new TableCheckConstraint("ql_balances_held_not_negative",
            "((bucket <> ALL (ARRAY['available'::text, 'frozen'::text, 'reserved'::text])) OR ((area >= (0)::numeric) AND (grain >= (0)::numeric) AND (paddy >= (0)::numeric)))"));
        return table;
    }

    /// <summary>
    /// A balance as it stood at an instant: the exact sum of its journal lines with a timestamp at or before
    /// <c>at</c>, kept so by the projection even for lines that commit after it (<see cref="LedgerProjection"/>).
    /// </summary>
    private static Table BalanceSnapshots()
    {
        var table = new Table(MartenSetup.ObjectName("ql_balance_snapshots"));
        table.AddColumn<string>("holder").AsPrimaryKey();
        table.AddColumn<string>("kind").AsPrimaryKey();
        table.AddColumn<string>("bucket").AsPrimaryKey();
        table.AddColumn<DateTimeOffset>("at").AsPrimaryKey();
        AddMeasures(table, "");
        return table;
    }

    /// <summary>Built by the async daemon: region-wide totals per kind and bucket.</summary>
    private static Table LedgerTotals()
    {
        var table = new Table(MartenSetup.ObjectName("ql_ledger_totals"));
        table.AddColumn<string>("kind").AsPrimaryKey();
        table.AddColumn<string>("bucket").AsPrimaryKey();
        AddMeasures(table, "");
        return table;
    }

    private static void AddMeasures(Table table, string prefix)
    {
        table.AddColumn($"{prefix}area", "numeric(22,4)").NotNull();
        table.AddColumn($"{prefix}grain", "numeric(22,2)").NotNull();
        table.AddColumn($"{prefix}paddy", "numeric(22,4)").NotNull();
    }
}
