using Npgsql;

namespace QuotaLedger.EventStore;

/// <summary>One numbered, never-edited step of the database schema.</summary>
public sealed record Migration(int Id, string Name, string Sql);

/// <summary>
/// Brings the schema up to date at start-up: each migration runs once, in order, in one transaction, under an
/// advisory lock so that instances starting together do not race.
/// </summary>
public static class SchemaMigrator
{
    private const long LockKey = 0x51_4C_53_43_48_45_4D_41; // "QLSCHEMA"

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, IEnumerable<Migration> migrations, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Execute(connection, tx, $"SELECT pg_advisory_xact_lock({LockKey})", ct);
        await Execute(connection, tx, """
            CREATE TABLE IF NOT EXISTS ql_schema_migrations (
                id int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """, ct);

        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand("SELECT id FROM ql_schema_migrations", connection, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetInt32(0));

        foreach (var migration in migrations.OrderBy(m => m.Id).Where(m => !applied.Contains(m.Id)))
        {
            await Execute(connection, tx, migration.Sql, ct);
            await using var record = new NpgsqlCommand("INSERT INTO ql_schema_migrations (id, name) VALUES ($1, $2)", connection, tx);
            record.Parameters.AddWithValue(migration.Id);
            record.Parameters.AddWithValue(migration.Name);
            await record.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>The event store's own tables (Marten's shape: streams, events, progress).</summary>
public static class EventStoreSchema
{
    public static readonly Migration[] Migrations =
    [
        new(1, "event store", """
            CREATE TABLE ql_streams (
                id          uuid PRIMARY KEY,
                type        text NOT NULL,
                version     bigint NOT NULL CHECK (version >= 0),
                created     timestamptz NOT NULL,
                timestamp   timestamptz NOT NULL,
                is_archived boolean NOT NULL DEFAULT false);

            CREATE SEQUENCE ql_events_seq;
            CREATE TABLE ql_events (
                seq_id         bigint PRIMARY KEY DEFAULT nextval('ql_events_seq'),
                id             uuid NOT NULL UNIQUE,
                stream_id      uuid NOT NULL REFERENCES ql_streams (id),
                version        bigint NOT NULL,
                type           text NOT NULL,
                data           jsonb NOT NULL,
                timestamp      timestamptz NOT NULL,
                correlation_id uuid NOT NULL,
                causation_id   uuid,
                actor          text NOT NULL,
                organisation   text NOT NULL,
                reason         text,
                is_archived    boolean NOT NULL DEFAULT false,
                CONSTRAINT ql_events_stream_version UNIQUE (stream_id, version));
            ALTER SEQUENCE ql_events_seq OWNED BY ql_events.seq_id;
            CREATE INDEX ql_events_timestamp ON ql_events (timestamp);

            CREATE TABLE ql_progress (
                name         text PRIMARY KEY,
                last_seq_id  bigint NOT NULL,
                last_updated timestamptz NOT NULL DEFAULT now());

            -- History is never edited (R11): the database itself refuses to change or remove an event.
            CREATE FUNCTION ql_events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'events are immutable' USING ERRCODE = 'restrict_violation'; END $$;
            CREATE TRIGGER ql_events_immutable BEFORE UPDATE OR DELETE ON ql_events
                FOR EACH ROW EXECUTE FUNCTION ql_events_are_immutable();
            """),
        new(2, "events cannot be truncated", """
            CREATE TRIGGER ql_events_not_truncated BEFORE TRUNCATE ON ql_events
                FOR EACH STATEMENT EXECUTE FUNCTION ql_events_are_immutable();
            """),
        new(3, "tamper evidence", TamperEvidence.Schema),
    ];
}
