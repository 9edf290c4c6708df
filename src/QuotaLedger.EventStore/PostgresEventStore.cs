using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;

namespace QuotaLedger.EventStore;

public sealed class PostgresEventStore(
    NpgsqlDataSource dataSource,
    EventTypeRegistry types,
    IEnumerable<IInlineProjection> inlineProjections) : IEventStore
{
    public async Task<IEventSession> OpenSessionAsync(CancellationToken ct)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(ct);
            try
            {
                var tx = await connection.BeginTransactionAsync(ct);
                return new Session(connection, tx, types, inlineProjections.ToArray());
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StoreUnavailableException(e);
        }
    }

    /// <summary>Connection failures and server shutdowns: the command may be retried later, it had no effect.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } => true,
        PostgresException pg => pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException { IsTransient: true } => true,
        _ => false,
    };

    private sealed class Session(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        EventTypeRegistry types,
        IInlineProjection[] projections) : IEventSession
    {
        private readonly List<PendingAppend> pending = [];
        private bool failed;

        public NpgsqlConnection Connection => connection;
        public NpgsqlTransaction Transaction => transaction;

        public async Task<IReadOnlyDictionary<Guid, long>> LockStreamsAsync(IReadOnlyCollection<Guid> streamIds, CancellationToken ct)
        {
            var versions = new Dictionary<Guid, long>();
            if (streamIds.Count == 0) return versions;
            await using var cmd = new NpgsqlCommand(
                "SELECT id, version FROM ql_streams WHERE id = ANY($1) ORDER BY id FOR UPDATE", connection, transaction);
            cmd.Parameters.AddWithValue(streamIds.Distinct().ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) versions[reader.GetGuid(0)] = reader.GetInt64(1);
            return versions;
        }

        public async Task<IReadOnlyList<RecordedEvent>> FetchStreamAsync(Guid streamId, CancellationToken ct, DateTimeOffset? asOf = null)
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT {EventReader.Columns} FROM ql_events e JOIN ql_streams s ON s.id = e.stream_id
                WHERE e.stream_id = $1 AND ($2::timestamptz IS NULL OR e.timestamp <= $2)
                ORDER BY e.version
                """, connection, transaction);
            cmd.Parameters.AddWithValue(streamId);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)asOf ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            return await EventReader.ReadAllAsync(cmd, types, ct);
        }

        public void Append(Guid streamId, string streamType, long expectedVersion, params object[] events)
        {
            if (events.Length == 0) return;
            if (pending.Any(p => p.StreamId == streamId))
                throw new InvalidOperationException($"Stream {streamId} is appended to twice in one session.");
            foreach (var e in events) types.AliasOf(e.GetType()); // an unregistered type fails here, before anything is written
            pending.Add(new PendingAppend(streamId, streamType, expectedVersion, events));
        }

        public async Task<IReadOnlyList<RecordedEvent>> SaveChangesAsync(EventMetadata metadata, CancellationToken ct)
        {
            if (pending.Count == 0) return [];
            // Whatever fails below leaves the transaction half-written: it may only be rolled back.
            failed = true;
            try
            {
                // Stream versions are claimed first, so a losing writer fails before it draws any sequence number.
                await ClaimVersionsAsync(metadata.Timestamp, ct);
                var recorded = await InsertEventsAsync(metadata, ct);
                pending.Clear();
                foreach (var projection in projections)
                    await projection.ApplyAsync(connection, transaction, recorded, ct);
                failed = false;
                return recorded;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation
                                              && e.ConstraintName is "ql_streams_pkey" or "ql_events_stream_version")
            {
                throw new ConcurrencyException(pending.FirstOrDefault()?.StreamId ?? Guid.Empty, pending.FirstOrDefault()?.ExpectedVersion ?? -1);
            }
            catch (Exception e) when (PostgresEventStore.IsUnavailable(e))
            {
                throw new StoreUnavailableException(e);
            }
        }

        /// <summary>Claims every pending stream's versions in one round trip; a claim that changed no row lost a race.</summary>
        private async Task ClaimVersionsAsync(DateTimeOffset now, CancellationToken ct)
        {
            var claims = pending.Select(append => Claim(append, now)).ToArray();
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var claim in claims) batch.BatchCommands.Add(claim);
            await batch.ExecuteNonQueryAsync(ct);
            for (var i = 0; i < claims.Length; i++)
                if (claims[i].RecordsAffected == 0) throw new ConcurrencyException(pending[i].StreamId, pending[i].ExpectedVersion);
        }

        private static NpgsqlBatchCommand Claim(PendingAppend append, DateTimeOffset now)
        {
            NpgsqlBatchCommand claim;
            if (append.ExpectedVersion == 0)
            {
                claim = new NpgsqlBatchCommand("""
                    INSERT INTO ql_streams (id, type, version, created, timestamp) VALUES ($1, $2, $3, $4, $4)
                    ON CONFLICT (id) DO NOTHING
                    """);
                claim.Parameters.AddWithValue(append.StreamId);
                claim.Parameters.AddWithValue(append.StreamType);
            }
            else
            {
                claim = new NpgsqlBatchCommand("""
                    UPDATE ql_streams SET version = version + $3, timestamp = $4
                    WHERE id = $1 AND version = $2 AND NOT is_archived
                    """);
                claim.Parameters.AddWithValue(append.StreamId);
                claim.Parameters.AddWithValue(append.ExpectedVersion);
            }
            claim.Parameters.AddWithValue((long)append.Events.Length);
            claim.Parameters.AddWithValue(now);
            return claim;
        }

        private async Task<IReadOnlyList<RecordedEvent>> InsertEventsAsync(EventMetadata metadata, CancellationToken ct)
        {
            var rows = pending
                .SelectMany(a => a.Events.Select((e, i) => (Append: a, Event: e, Version: a.ExpectedVersion + i + 1)))
                .Select(r => (r.Append, r.Event, r.Version, Id: Guid.CreateVersion7(metadata.Timestamp)))
                .ToArray();

            await using var cmd = new NpgsqlCommand("""
                INSERT INTO ql_events (id, stream_id, version, type, data, timestamp, correlation_id, causation_id, actor, organisation, reason)
                SELECT u.id, u.stream_id, u.version, u.type, u.data, $5, $6, $7, $8, $9, $10
                FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $11::jsonb[]) WITH ORDINALITY
                     AS u (id, stream_id, version, type, data, n)
                ORDER BY u.n
                RETURNING seq_id, id
                """, connection, transaction);
            cmd.Parameters.AddWithValue(rows.Select(r => r.Id).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Append.StreamId).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => r.Version).ToArray());
            cmd.Parameters.AddWithValue(rows.Select(r => types.AliasOf(r.Event.GetType())).ToArray());
            cmd.Parameters.AddWithValue(metadata.Timestamp);
            cmd.Parameters.AddWithValue(metadata.CorrelationId);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)metadata.CausationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            cmd.Parameters.AddWithValue(metadata.Actor);
            cmd.Parameters.AddWithValue(metadata.Organisation);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)metadata.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter
            {
                Value = rows.Select(r => types.Serialize(r.Event)).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
            });

            var sequences = new Dictionary<Guid, long>();
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) sequences[reader.GetGuid(1)] = reader.GetInt64(0);

            return rows
                .Select(r => new RecordedEvent(sequences[r.Id], r.Id, r.Append.StreamId, r.Append.StreamType, r.Version,
                    types.AliasOf(r.Event.GetType()), r.Event, metadata))
                .OrderBy(r => r.Sequence)
                .ToArray();
        }

        public async Task CommitAsync(CancellationToken ct)
        {
            if (pending.Count > 0) throw new InvalidOperationException("Events were appended but not saved.");
            if (failed) throw new InvalidOperationException("Saving failed; the session can only be rolled back.");
            try
            {
                await transaction.CommitAsync(ct);
            }
            catch (Exception e) when (PostgresEventStore.IsUnavailable(e))
            {
                throw new StoreUnavailableException(e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private sealed record PendingAppend(Guid StreamId, string StreamType, long ExpectedVersion, object[] Events);
}
