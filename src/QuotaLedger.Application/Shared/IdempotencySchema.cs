using QuotaLedger.Store;
using Weasel.Postgresql.Tables;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// The idempotency records <see cref="TransactionBehaviour{TRequest,TResponse}"/> keeps: one per user and key, with the
/// request's hash and, once committed, its response.
/// </summary>
public static class IdempotencySchema
{
    public static Table Table()
    {
        var table = new Table(MartenSetup.ObjectName("ql_idempotency"));
        table.AddColumn<string>("principal").AsPrimaryKey();
        table.AddColumn<string>("key").AsPrimaryKey();
        table.AddColumn<string>("request_hash").NotNull();
        table.AddColumn("response", "jsonb");
        table.AddColumn<DateTimeOffset>("created").NotNull().DefaultValueByExpression("now()");
        return table;
    }
}
