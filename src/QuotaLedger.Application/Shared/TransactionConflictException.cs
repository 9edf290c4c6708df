using Npgsql;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// The command's transaction kept being chosen as a deadlock victim, or failed serialization, on every attempt: nothing
/// was written, and the same request may be sent again (409).
/// </summary>
public sealed class TransactionConflictException(int attempts, PostgresException last)
    : Exception($"The command collided with concurrent commands on each of its {attempts} attempts ({last.SqlState}); nothing was written.", last);
