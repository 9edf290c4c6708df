using Npgsql;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// The command's transaction kept being chosen as a deadlock victim, failed serialization, or had its group's batch of
/// writes refused, on every attempt: nothing was written, and the same request may be sent again (409).
/// </summary>
public sealed class TransactionConflictException(int attempts, Exception last)
    : Exception($"The command collided with concurrent commands on each of its {attempts} attempts ({Cause(last)}); nothing was written.", last)
{
    private static string Cause(Exception last) => last switch
    {
        PostgresException p => p.SqlState,
        GroupWriteConflictException => "group write conflict",
        _ => last.GetType().Name,
    };
}
