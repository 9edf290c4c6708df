using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MediatR;
using Npgsql;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// A command's work is all or nothing: its events, the inline read models and the idempotency record are written in
/// its own savepoint of a transaction its group shares (<see cref="CommandGroups"/>), kept only if it succeeds, and
/// answered only once that transaction has committed. Under an Idempotency-Key the first request claims the key in the
/// same savepoint; a retry (even a parallel one, which waits on the claim, or one in the same group, which sees it) gets
/// the stored response instead of a second effect.
/// </summary>
public sealed class TransactionBehaviour<TRequest, TResponse>(
    CommandGroups groups, LedgerSession session, RequestContext context, TimeProvider clock, RegionCatalog regions)
    : IPipelineBehavior<TRequest, TResponse>
{
    private const int MaxAttempts = 3;

    public async Task<TResponse> Handle(TRequest request, CancellationToken ct, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse>) return await next();
        var place = GroupPlace.Any;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A command decided again makes its writes at once: what broke its group's batch may have been its own.
                var scope = attempt == 1 ? ILedgerScoped.Of(request, regions) : null;
                return await groups.RunAsync(turn => RunOnceAsync(turn, scope, request, next), place);
            }
            catch (GroupWriteConflictException e)
            {
                // Nothing of its group was committed (or its own savepoint was rolled back). Decided again in a group of
                // its own: leading a group would not be enough, since a later member's batch could break that one too.
                if (attempt == MaxAttempts) throw new TransactionConflictException(attempt, e);
                place = GroupPlace.Alone;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected
                                                  or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.InFailedSqlTransaction)
            {
                // Its savepoint was rolled back; deciding again on fresh state, first in a later group where it need not
                // give way to a lock (see CommandGroups), is safe, and so is the client's retry. Marten may surface a
                // failure in its batch as the statement after it, refused in the aborted transaction (25P02); a cause
                // that persists ends in the conflict after the last attempt, nothing written.
                if (attempt == MaxAttempts) throw new TransactionConflictException(attempt, e);
                place = GroupPlace.First;
            }
            catch (Exception e) when (StoreErrors.IsUnavailable(e))
            {
                throw new StoreUnavailableException(e);
            }
        }
    }

    /// <summary>Commands do not see the request's cancellation (see <see cref="CommandsRunToCompletion"/>): none is passed on.</summary>
    private async Task<TResponse> RunOnceAsync(CommandTurn turn, WriteScope? scope, TRequest request, RequestHandlerDelegate<TResponse> next)
    {
        var ct = CancellationToken.None;
        await using var events = await turn.BeginAsync(scope, ct);
        session.Begin(events);
        try
        {
            if (context.IdempotencyKey is { } key)
            {
                var hash = Hash(request);
                if (await ClaimAsync(events, key, hash, ct) is { } replay) return replay.Response;
            }

            var response = await next();
            var reason = (request as IHasReason)?.Reason;
            await events.SaveChangesAsync(
                new EventMetadata(context.Actor.UserId, context.Actor.Organisation, clock.GetUtcNow(), reason, context.CorrelationId), ct);

            if (context.IdempotencyKey is { } claimed) await StoreResponseAsync(events, claimed, response, ct);
            await events.CommitAsync(ct);
            return response;
        }
        finally
        {
            session.End();
        }
    }

    /// <summary>Null when this request now owns the key; the earlier response when the same request was already done.</summary>
    private async Task<Replay?> ClaimAsync(IEventSession events, string key, string hash, CancellationToken ct)
    {
        await using (var claim = new NpgsqlCommand("""
            INSERT INTO ql_idempotency (principal, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
            """, events.Connection, events.Transaction))
        {
            claim.Parameters.AddWithValue(context.Actor.UserId);
            claim.Parameters.AddWithValue(key);
            claim.Parameters.AddWithValue(hash);
            if (await claim.ExecuteNonQueryAsync(ct) == 1) return null;
        }

        await using var read = new NpgsqlCommand(
            "SELECT request_hash, response::text FROM ql_idempotency WHERE principal = $1 AND key = $2", events.Connection, events.Transaction);
        read.Parameters.AddWithValue(context.Actor.UserId);
        read.Parameters.AddWithValue(key);
        await using var reader = await read.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (reader.GetString(0) != hash) throw new IdempotencyKeyReusedException(key);
        return new Replay(JsonSerializer.Deserialize<TResponse>(reader.GetString(1), Json.Options)!);
    }

    private async Task StoreResponseAsync(IEventSession events, string key, TResponse response, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "UPDATE ql_idempotency SET response = $3::jsonb WHERE principal = $1 AND key = $2", events.Connection, events.Transaction);
        cmd.Parameters.AddWithValue(context.Actor.UserId);
        cmd.Parameters.AddWithValue(key);
        cmd.Parameters.AddWithValue(JsonSerializer.Serialize(response, Json.Options));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private sealed record Replay(TResponse Response);

    /// <summary>The request's identity: its type and every field, route values included.</summary>
    private static string Hash(TRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            typeof(TRequest).FullName + JsonSerializer.Serialize(request, Json.Options))));
}
