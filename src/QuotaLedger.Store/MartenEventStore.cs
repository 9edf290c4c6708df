using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;

namespace QuotaLedger.Store;

/// <summary>
/// The store on Marten: a session's Marten session works inside a PostgreSQL transaction it does not commit
/// (<see cref="SessionOptions.ForTransaction"/>): the session's own, or the savepoint of one command in a shared one.
/// </summary>
public sealed class MartenEventStore(IDocumentStore store, NpgsqlDataSource dataSource) : IEventStore
{
    public async Task<IEventSession> OpenSessionAsync(CancellationToken ct)
    {
        var (connection, tx) = await BeginAsync(ct);
        return new Session(new OwnTransaction(connection, tx), DocumentsOn(tx));
    }

    public async Task<ISharedTransaction> BeginSharedTransactionAsync(int commands, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(commands, 1);
        var (connection, tx) = await BeginAsync(ct);
        return new SharedTransaction(connection, tx, commands, this);
    }

    private IDocumentSession DocumentsOn(NpgsqlTransaction tx) =>
        store.LightweightSession(SessionOptions.ForTransaction(tx, shouldAutoCommit: false));

    private async Task<(NpgsqlConnection, NpgsqlTransaction)> BeginAsync(CancellationToken ct)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(ct);
            try
            {
                return (connection, await connection.BeginTransactionAsync(ct));
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

    /// <summary>How a session's work ends: with the transaction it owns, or with its savepoint in a shared one.</summary>
    private interface ISessionLifetime
    {
        NpgsqlConnection Connection { get; }
        NpgsqlTransaction Transaction { get; }

        /// <summary>The session's writes wait for its group's batch instead of being made by its own save.</summary>
        bool WritesWait { get; }

        /// <summary>Refuses to read streams whose writes still wait in the group: what the database holds of them is stale.</summary>
        void RequireCurrent(IEnumerable<Guid> streamIds);

        /// <summary>Keeps the session's work: commits its own transaction, or leaves it (and its waiting writes) to the group's.</summary>
        Task KeepAsync(StampedWrites? waiting, CancellationToken ct);
        /// <summary>Undoes what was not committed and lets go of what the session holds.</summary>
        ValueTask EndAsync(bool committed);
    }

    private sealed class OwnTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : ISessionLifetime
    {
        public NpgsqlConnection Connection => connection;
        public NpgsqlTransaction Transaction => transaction;
        public bool WritesWait => false;

        public void RequireCurrent(IEnumerable<Guid> streamIds)
        {
        }

        public Task KeepAsync(StampedWrites? waiting, CancellationToken ct) => transaction.CommitAsync(ct);

        public async ValueTask EndAsync(bool committed)
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// One transaction for a group of commands, run one after another, each on a savepoint of its own: a command that
    /// fails is rolled back to its savepoint and leaves the others' work in place; all of it commits at once.
    /// </summary>
    /// <remarks>
    /// A kept command's savepoint is released with the next command's <c>SAVEPOINT</c>, in one round trip, and the last
    /// one by the commit. A transaction for one command takes no savepoint at all: if that command is not kept, the
    /// transaction is rolled back instead of committed.
    /// <para>
    /// Set-based writes: a command begun with a <see cref="WriteScope"/> decides in its savepoint as any other (its locks
    /// and reads there), but the events it appends wait. A run of such commands with disjoint scopes is written by one
    /// Marten session, in one batch: their events, their documents and the inline read models of all of them (the
    /// ledger's journal lines, balances, snapshots and the MACs in a statement each, over arrays). The waiting writes go
    /// to the database before the next command whose scope overlaps them, before a command with no scope, and before
    /// the commit. A batch the database refuses breaks the group: nothing of it commits, and every member is decided
    /// again in a group of its own, where its writes are made at once (<see cref="GroupWriteConflictException"/>).
    /// </para>
    /// </remarks>
    private sealed class SharedTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, int commands, MartenEventStore owner)
        : ISharedTransaction
    {
        private const string Savepoint = "command";
        private bool commandOpen;
        private int begun;

        /// <summary>A savepoint is set and not yet released.</summary>
        private bool savepointSet;

        /// <summary>The only command of the transaction was not kept: its work is in the transaction, which must not commit.</summary>
        private bool discarded;

        private NpgsqlConnection Connection => connection;
        private NpgsqlTransaction Transaction => transaction;

        /// <summary>
        /// Set when a command's savepoint could not be rolled back or a batch of waiting writes failed: the transaction
        /// holds a part of what was decided, and must then never commit.
        /// </summary>
        private Exception? broken;

        /// <summary>The lock_timeout set for the transaction so far; null: the server's own.</summary>
        private TimeSpan? lockWait;

        /// <summary>Kept commands whose writes wait for the next batch, in the order they were decided.</summary>
        private readonly List<StampedWrites> waiting = [];
        private readonly HashSet<string> waitingKeys = new(StringComparer.Ordinal);
        private readonly HashSet<Guid> waitingStreams = [];
        private readonly List<int> batches = [];

        public IReadOnlyList<int> WriteBatches => batches;

        public async Task<IEventSession> BeginCommandAsync(TimeSpan? lockWait, WriteScope? scope, CancellationToken ct)
        {
            if (commandOpen) throw new InvalidOperationException("The previous command of the group has not ended.");
            RefuseIfBroken();
            if (begun == commands) throw new InvalidOperationException($"The transaction was begun for {commands} commands.");
            if (waiting.Count > 0 && (scope is null || scope.Overlaps(waitingKeys))) await WriteWaitingAsync(ct);
            var statements = new List<string>();
            // SET LOCAL outside the savepoint: a command rolled back to it keeps the setting for the ones after it.
            if (lockWait != this.lockWait)
                statements.Add($"SET LOCAL lock_timeout = {(lockWait is { } wait ? $"'{(long)wait.TotalMilliseconds}ms'" : "DEFAULT")}");
            if (savepointSet) statements.Add($"RELEASE SAVEPOINT {Savepoint}");
            savepointSet = commands > 1;
            if (savepointSet) statements.Add($"SAVEPOINT {Savepoint}");
            if (statements.Count > 0) await ExecuteAsync(string.Join("; ", statements), ct);
            this.lockWait = lockWait;
            begun++;
            commandOpen = true;
            // A group of one has nothing to share a batch with.
            var waits = scope is not null && commands > 1;
            return new Session(new CommandSavepoint(this, waits ? scope : null), owner.DocumentsOn(transaction));
        }

        public async Task CommitAsync(CancellationToken ct)
        {
            if (commandOpen) throw new InvalidOperationException("A command of the group has not ended.");
            RefuseIfBroken();
            if (waiting.Count > 0) await WriteWaitingAsync(ct);
            try
            {
                if (discarded) await transaction.RollbackAsync(ct);
                else await transaction.CommitAsync(ct);
            }
            catch (Exception e) when (StoreErrors.IsUnavailable(e))
            {
                throw new StoreUnavailableException(e);
            }
        }

        private void RefuseIfBroken()
        {
            if (broken is GroupWriteConflictException conflict) throw new GroupWriteConflictException(conflict.Message, conflict.InnerException);
            if (broken is not null) throw new StoreUnavailableException(broken);
        }

        private void Wait(StampedWrites writes, WriteScope scope)
        {
            // Caught here too: a command's own SQL may have locked a stream without asking the session.
            if (writes.Streams.Any(waitingStreams.Contains))
                throw new GroupWriteConflictException("A command of the group wrote to a stream whose writes from an earlier command still wait.");
            waiting.Add(writes);
            waitingKeys.UnionWith(scope.Keys);
            waitingStreams.UnionWith(writes.Streams);
        }

        private async Task WriteWaitingAsync(CancellationToken ct)
        {
            await using var documents = owner.DocumentsOn(transaction);
            foreach (var writes in waiting) writes.AppendTo(documents);
            try
            {
                await documents.SaveChangesAsync(ct);
            }
            catch (Exception e) when (StoreErrors.IsUnavailable(e))
            {
                broken = e;
                throw new StoreUnavailableException(e);
            }
            catch (Exception e)
            {
                broken = new GroupWriteConflictException($"The database refused the waiting writes of {waiting.Count} commands.", e);
                RefuseIfBroken();
            }
            batches.Add(waiting.Count);
            waiting.Clear();
            waitingKeys.Clear();
            waitingStreams.Clear();
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }

        private async Task ExecuteAsync(string sql, CancellationToken ct)
        {
            await using var cmd = new NpgsqlCommand(sql, connection, transaction);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        private sealed class CommandSavepoint(SharedTransaction shared, WriteScope? scope) : ISessionLifetime
        {
            public NpgsqlConnection Connection => shared.Connection;
            public NpgsqlTransaction Transaction => shared.Transaction;
            public bool WritesWait => scope is not null;

            public void RequireCurrent(IEnumerable<Guid> streamIds)
            {
                if (streamIds.Any(shared.waitingStreams.Contains))
                    throw new GroupWriteConflictException("A command of the group read a stream whose writes from an earlier command still wait.");
            }

            /// <summary>Kept: its savepoint is released by what comes next, the next command's or the commit.</summary>
            public Task KeepAsync(StampedWrites? waiting, CancellationToken ct)
            {
                if (waiting is not null) shared.Wait(waiting, scope!);
                return Task.CompletedTask;
            }

            public async ValueTask EndAsync(bool committed)
            {
                shared.commandOpen = false;
                if (committed) return;
                if (!shared.savepointSet)
                {
                    shared.discarded = true;
                    return;
                }
                try
                {
                    // Also clears a failed statement's aborted state, so that the next command of the group can run.
                    await shared.ExecuteAsync($"ROLLBACK TO SAVEPOINT {Savepoint}", CancellationToken.None);
                }
                catch (Exception e)
                {
                    shared.broken = e;
                }
            }
        }
    }

    /// <summary>One command's appends, stamped with its metadata, for a Marten session to write: its own or its group's.</summary>
    private sealed class StampedWrites(IReadOnlyList<PendingAppend> appends, EventMetadata metadata)
    {
        public IEnumerable<Guid> Streams => appends.Select(a => a.StreamId);

        public void AppendTo(IDocumentSession documents)
        {
            // The service's clock, not the database's: the time the decision was made on, and the one tests set. In UTC
            // and to the microsecond, as PostgreSQL keeps it: the event's MAC is computed from this value before the insert.
            var timestamp = DateTimeOffset.UnixEpoch.AddTicks(CanonicalEvent.Micros(metadata.Timestamp) * 10);
            foreach (var append in appends)
            {
                var action = append.ExpectedVersion == 0
                    ? documents.Events.StartStream(append.AggregateType, append.StreamId, append.Events)
                    : documents.Events.Append(append.StreamId, append.ExpectedVersion + append.Events.Length, append.Events);
                // On each event, not on the session: a group's batch carries several commands' metadata.
                foreach (var e in action.Events)
                {
                    e.Timestamp = timestamp;
                    e.Id = Guid.CreateVersion7(timestamp);
                    e.UserName = metadata.Actor;
                    e.CorrelationId = metadata.CorrelationId.ToString();
                    e.CausationId = metadata.CausationId?.ToString();
                    e.SetHeader(EventMetadata.OrganisationHeader, metadata.Organisation);
                    if (metadata.Reason is { } reason) e.SetHeader(EventMetadata.ReasonHeader, reason);
                }
            }
        }
    }

    private sealed record PendingAppend(Guid StreamId, Type AggregateType, long ExpectedVersion, object[] Events);

    private sealed class Session(ISessionLifetime lifetime, IDocumentSession documents) : IEventSession
    {
        private readonly List<PendingAppend> pending = [];
        private StampedWrites? saved;
        private bool failed;
        private bool committed;

        public NpgsqlConnection Connection => lifetime.Connection;
        public NpgsqlTransaction Transaction => lifetime.Transaction;
        public IDocumentSession Documents => documents;

        public async Task<IReadOnlyDictionary<Guid, long>> LockStreamsAsync(IReadOnlyCollection<Guid> streamIds, CancellationToken ct)
        {
            var versions = new Dictionary<Guid, long>();
            if (streamIds.Count == 0) return versions;
            lifetime.RequireCurrent(streamIds);
            await using var cmd = new NpgsqlCommand(
                $"SELECT id, version FROM {MartenSetup.Schema}.mt_streams WHERE id = ANY($1) ORDER BY id FOR UPDATE",
                Connection, Transaction);
            cmd.Parameters.AddWithValue(streamIds.Distinct().ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) versions[reader.GetGuid(0)] = reader.GetInt64(1);
            return versions;
        }

        public async Task<IReadOnlyList<RecordedEvent>> FetchStreamAsync(Guid streamId, CancellationToken ct, DateTimeOffset? asOf = null)
        {
            lifetime.RequireCurrent([streamId]);
            var events = await documents.Events.FetchStreamAsync(streamId, timestamp: asOf, token: ct);
            return events.Select(RecordedEvent.From).ToArray();
        }

        public void Append(Guid streamId, Type aggregateType, long expectedVersion, params object[] events)
        {
            if (events.Length == 0) return;
            if (pending.Any(p => p.StreamId == streamId) || saved?.Streams.Contains(streamId) == true)
                throw new InvalidOperationException($"Stream {streamId} is appended to twice in one session.");
            pending.Add(new PendingAppend(streamId, aggregateType, expectedVersion, events));
        }

        public async Task SaveChangesAsync(EventMetadata metadata, CancellationToken ct)
        {
            if (pending.Count == 0) return;
            if (saved is not null) throw new InvalidOperationException("The session's writes were saved once already.");
            var writes = new StampedWrites(pending.ToArray(), metadata);
            if (lifetime.WritesWait)
            {
                saved = writes;
                pending.Clear();
                return;
            }

            // Whatever fails below leaves the transaction half-written: it may only be rolled back.
            failed = true;
            writes.AppendTo(documents);
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
            var append = pending.FirstOrDefault(p => p.StreamId == named, pending[0]);
            return new ConcurrencyException(append.StreamId, append.ExpectedVersion, e);
        }

        public async Task CommitAsync(CancellationToken ct)
        {
            if (pending.Count > 0) throw new InvalidOperationException("Events were appended but not saved.");
            if (failed) throw new InvalidOperationException("Saving failed; the session can only be rolled back.");
            try
            {
                await lifetime.KeepAsync(saved, ct);
                committed = true;
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
            await lifetime.EndAsync(committed);
        }
    }
}
