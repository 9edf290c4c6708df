using Npgsql;

namespace QuotaLedger.Store;

/// <summary>
/// The event store QuotaLedger kept before Marten (<c>ql_events</c>, <c>ql_streams</c> and their read models). A
/// database that still holds it is never used as if it were empty: the service refuses to start on it, and
/// <see cref="ImportAsync"/> moves its tables aside into the schema <see cref="LegacySchema"/> and copies its streams,
/// events and idempotency records into Marten's tables, keeping ids, versions, sequence numbers, timestamps and
/// metadata. The read models, hash chains and seals are then rebuilt from the copied events by the service's own
/// projections and verified.
/// </summary>
public static class LegacyStore
{
    public const string LegacySchema = "ql_legacy";

    /// <summary>What to run instead of starting the service on such a database.</summary>
    public const string ImportCommand = "./run.sh import-legacy-store";

    private static readonly string[] Tables =
        ["ql_events", "ql_streams", "ql_progress", "ql_schema_migrations", "ql_documents", "ql_journal", "ql_balances", "ql_lots",
         "ql_ledger_totals", "ql_idempotency", "ql_seals"];

    public static async Task<bool> IsPresentAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT to_regclass('{MartenSetup.Schema}.ql_events') IS NOT NULL");
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Checks the old store's own hash chains, then moves its tables into <see cref="LegacySchema"/>, where they stay
    /// for the DBA to archive and drop. Answers the number of events whose chain did not verify (nothing is moved then).
    /// </summary>
    public static async Task<long> MoveAsideAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var check = new NpgsqlCommand($"""
            SELECT count(*) FROM (
                SELECT hash, {MartenSetup.Schema}.ql_event_hash(lag(hash) OVER w, e) AS expected
                FROM {MartenSetup.Schema}.ql_events e WINDOW w AS (PARTITION BY stream_id ORDER BY version)) c
            WHERE hash IS DISTINCT FROM expected
            """, connection, tx))
        {
            var broken = (long)(await check.ExecuteScalarAsync(ct))!;
            if (broken > 0) return broken;
        }
        var statements = new List<string> { $"CREATE SCHEMA IF NOT EXISTS {LegacySchema}" };
        statements.AddRange(Tables.Select(t => $"ALTER TABLE IF EXISTS {MartenSetup.Schema}.{t} SET SCHEMA {LegacySchema}"));
        // The old hash function is typed by the old events table; Marten's feature creates its own for mt_events.
        statements.Add($"ALTER FUNCTION {MartenSetup.Schema}.ql_event_hash(bytea, {LegacySchema}.ql_events) SET SCHEMA {LegacySchema}");
        foreach (var sql in statements)
        {
            await using var cmd = new NpgsqlCommand(sql, connection, tx);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return 0;
    }

    /// <summary>
    /// Copies the moved streams, events and idempotency records into Marten's tables (whose schema must be applied),
    /// in sequence order, so that the hash-chain trigger chains each stream as it goes. Answers the events copied.
    /// </summary>
    /// <param name="clrTypes">Marten's .NET type name of each event type alias, for <c>mt_dotnet_type</c>.</param>
    public static async Task<long> CopyAsync(NpgsqlDataSource dataSource, IReadOnlyDictionary<string, string> clrTypes, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var streams = new NpgsqlCommand($"""
            INSERT INTO {MartenSetup.Schema}.mt_streams (id, type, version, timestamp, created, tenant_id, is_archived)
            SELECT id, type, version, timestamp, created, '*DEFAULT*', is_archived FROM {LegacySchema}.ql_streams
            """, connection, tx))
            await streams.ExecuteNonQueryAsync(ct);

        long copied;
        await using (var events = new NpgsqlCommand($"""
            INSERT INTO {MartenSetup.Schema}.mt_events
                (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id,
                 headers, user_name, is_archived)
            SELECT e.seq_id, e.id, e.stream_id, e.version, e.data, e.type, e.timestamp, '*DEFAULT*', t.clr_type,
                   e.correlation_id::text, e.causation_id::text,
                   jsonb_strip_nulls(jsonb_build_object('{EventMetadata.OrganisationHeader}', e.organisation, '{EventMetadata.ReasonHeader}', e.reason)),
                   e.actor, e.is_archived
            FROM {LegacySchema}.ql_events e LEFT JOIN unnest($1::text[], $2::text[]) AS t (alias, clr_type) ON t.alias = e.type
            ORDER BY e.seq_id
            """, connection, tx))
        {
            events.Parameters.AddWithValue(clrTypes.Keys.ToArray());
            events.Parameters.AddWithValue(clrTypes.Values.ToArray());
            copied = await events.ExecuteNonQueryAsync(ct);
        }

        foreach (var sql in new[]
                 {
                     $"SELECT setval('{MartenSetup.Schema}.mt_events_sequence', greatest((SELECT max(seq_id) FROM {MartenSetup.Schema}.mt_events), 1))",
                     $"INSERT INTO {MartenSetup.Schema}.ql_idempotency (principal, key, request_hash, response, created) " +
                     $"SELECT principal, key, request_hash, response, created FROM {LegacySchema}.ql_idempotency",
                 })
        {
            await using var cmd = new NpgsqlCommand(sql, connection, tx);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return copied;
    }
}
