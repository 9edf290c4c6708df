using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Npgsql;

namespace QuotaLedger.Store;

/// <summary>How database failures under Marten surface to the service: by SqlState and exception type, never by message.</summary>
public static class StoreErrors
{
    /// <summary>Connection failures and server shutdowns: the command may be retried later, it had no effect.</summary>
    public static bool IsUnavailable(Exception e) => PostgresCause(e) switch
    {
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } => true,
        PostgresException pg => pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException { IsTransient: true } => true,
        _ => false,
    };

    /// <summary>The Npgsql exception behind one that Marten wrapped, or the exception itself.</summary>
    public static Exception PostgresCause(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is NpgsqlException) return inner;
        return e;
    }

    /// <summary>
    /// Rethrows what Marten wrapped around a PostgreSQL error as that error, so that callers map deadlocks, CHECK
    /// violations and lost connections the same way whether or not Marten issued the statement.
    /// </summary>
    public static void ThrowPostgresCause(Exception e)
    {
        if (PostgresCause(e) is var cause && !ReferenceEquals(cause, e)) ExceptionDispatchInfo.Throw(cause);
    }
}
