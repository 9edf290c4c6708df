using Npgsql;

namespace QuotaLedger.Application.Common;

public sealed class NotFoundException(string what, object id) : Exception($"{what} {id} was not found.");

/// <summary>The user's role or organisation does not reach the holder or resource (403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The If-Match version is not the resource's current version (412).</summary>
public sealed class PreconditionFailedException(string what, object id, long expected, long actual)
    : Exception($"{what} {id} is at version {actual}, not {expected}; reload it and decide again.");

/// <summary>An Idempotency-Key was sent again with a different request (422).</summary>
public sealed class IdempotencyKeyReusedException(string key)
    : Exception($"Idempotency-Key '{key}' was already used for a different request.");

/// <summary>
/// The command's transaction kept being chosen as a deadlock victim, or failed serialization, on every attempt: nothing
/// was written, and the same request may be sent again (409).
/// </summary>
public sealed class TransactionConflictException(int attempts, PostgresException last)
    : Exception($"The command collided with concurrent commands on each of its {attempts} attempts ({last.SqlState}); nothing was written.", last);
