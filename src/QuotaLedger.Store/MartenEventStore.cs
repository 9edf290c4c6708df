using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;

namespace QuotaLedger.Store;

/// <summary>
/// The store on Marten: each session opens a connection and a transaction of its own, and Marten's session works
/// inside that transaction (<see cref="SessionOptions.ForTransaction"/>) without committing it.
/// </summary>
public sealed class MartenEventStore(IDocumentStore store, NpgsqlDataSource dataSource) : IEventStore
{
    public async Task<IEventSession> OpenSessionAsync(CancellationToken ct)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(ct);
            try
            {
                var tx = await connection.BeginTransactionAsync(ct);
                return new Session(connection, tx, store.LightweightSession(SessionOptions.ForTransaction(tx, shouldAutoCommit: false)));
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            throw new StoreUnavailableException(e);
        }
    }

    private sealed class Session(NpgsqlConnection connection, NpgsqlTransaction transaction, IDocumentSession documents)
        : IEventSession
    {
        private readonly List<(Guid StreamId, long ExpectedVersion, IReadOnlyList<IEvent> Events)> pending = [];
        private bool failed;

        public NpgsqlConnection Connection => connection;
        public NpgsqlTransaction Transaction => transaction;
        public IDocumentSession Documents => documents;

        public async Task<IReadOnlyDictionary<Guid, long>> LockStreamsAsync(IReadOnlyCollection<Guid> streamIds, CancellationToken ct)
        {
            var versions = new Dictionary<Guid, long>();
            if (streamIds.Count == 0) return versions;
            await using var cmd = new NpgsqlCommand(
                $"SELECT id, version FROM {MartenSetup.Schema}.mt_streams WHERE id = ANY($1) ORDER BY id FOR UPDATE",
                connection, transaction);
            cmd.Parameters.AddWithValue(streamIds.Distinct().ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) versions[reader.GetGuid(0)] = reader.GetInt64(1);
            return versions;
        }

        public async Task<IReadOnlyList<RecordedEvent>> FetchStreamAsync(Guid streamId, CancellationToken ct, DateTimeOffset? asOf = null)
        {
            var events = await documents.Events.FetchStreamAsync(streamId, timestamp: asOf, token: ct);
            return events.Select(RecordedEvent.From).ToArray();
        }

        public void Append(Guid streamId, Type aggregateType, long expectedVersion, params object[] events)
        {
            if (events.Length == 0) return;
            if (pending.Any(p => p.StreamId == streamId))
                throw new InvalidOperationException($"Stream {streamId} is appended to twice in one session.");
            var action = expectedVersion == 0
                ? documents.Events.StartStream(aggregateType, streamId, events)
                : documents.Events.Append(streamId, expectedVersion + events.Length, events);
            pending.Add((streamId, expectedVersion, action.Events));
        }

        public async Task SaveChangesAsync(EventMetadata metadata, CancellationToken ct)
        {
            if (pending.Count == 0) return;
            documents.LastModifiedBy = metadata.Actor;
            documents.CorrelationId = metadata.CorrelationId.ToString();
            documents.CausationId = metadata.CausationId?.ToString();
            documents.SetHeader(EventMetadata.OrganisationHeader, metadata.Organisation);
            if (metadata.Reason is { } reason) documents.SetHeader(EventMetadata.ReasonHeader, reason);
            // The service's clock, not the database's: the time the decision was made on, and the one tests set. In UTC
            // and to the microsecond, as PostgreSQL keeps it: the event's MAC is computed from this value before the insert.
            var timestamp = DateTimeOffset.UnixEpoch.AddTicks(CanonicalEvent.Micros(metadata.Timestamp) * 10);
            foreach (var e in pending.SelectMany(p => p.Events))
            {
                e.Timestamp = timestamp;
                e.Id = Guid.CreateVersion7(timestamp);
            }

            // Whatever fails below leaves the transaction half-written: it may only be rolled back.
            failed = true;
            try
            {
                await documents.SaveChangesAsync(ct);
            }
            catch (Exception e) when (e is JasperFx.ConcurrencyException
                                          or JasperFx.Events.ExistingStreamIdCollisionException
                                          or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                throw Conflict(e);
            }
            catch (Exception e) when (StoreErrors.IsUnavailable(e))
            {
                throw new StoreUnavailableException(e);
            }
            catch (Exception e)
            {
                StoreErrors.ThrowPostgresCause(e);
                throw;
            }
            pending.Clear();
            failed = false;
        }

        /// <summary>The conflict on the stream Marten names, or on the first stream appended to when it names none.</summary>
        private ConcurrencyException Conflict(Exception e)
        {
            var named = e switch
            {
                JasperFx.ConcurrencyException { Id: Guid id } => id,
                JasperFx.Events.ExistingStreamIdCollisionException { Id: Guid id } => id,
                Marten.Exceptions.ExistingStreamIdCollisionException { Id: Guid id } => id,
                _ => (Guid?)null,
            };
            var (streamId, expected, _) = pending.FirstOrDefault(p => p.StreamId == named, pending[0]);
            return new ConcurrencyException(streamId, expected, e);
        }

        public async Task CommitAsync(CancellationToken ct)
        {
            if (pending.Count > 0) throw new InvalidOperationException("Events were appended but not saved.");
            if (failed) throw new InvalidOperationException("Saving failed; the session can only be rolled back.");
            try
            {
                await transaction.CommitAsync(ct);
            }
            catch (Exception e) when (StoreErrors.IsUnavailable(e))
            {
                throw new StoreUnavailableException(e);
            }
        }

        private bool disposed;

        /// <summary>Safe to call twice (a caller may dispose a session that failed and again on its way out).</summary>
        public async ValueTask DisposeAsync()
        {
            if (disposed) return;
            disposed = true;
            await documents.DisposeAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
