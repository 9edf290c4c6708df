using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;

namespace QuotaLedger.Store;

/// <summary>How QuotaLedger configures Marten: what every module's projections and documents run on.</summary>
public static class MartenSetup
{
    /// <summary>The schema of Marten's tables and of ours; every statement names it.</summary>
    public const string Schema = "public";

    /// <summary>A table or other object of ours in <see cref="Schema"/>.</summary>
    public static PostgresqlObjectName ObjectName(string name) => new(Schema, name, SchemaUtils.IdentifierUsage.General);

    /// <summary>
    /// The type of the events Marten fills the sequence numbers of a failed append with; not part of the ledger's
    /// history. They lie in a stream of their own whose id each process draws at random (JasperFx's
    /// <c>Tombstone.StreamId</c>), so that two service instances, or two runs of one, leave tombstones in different
    /// streams: a tombstone is known by its type and by its version, which Marten sets to its sequence number.
    /// </summary>
    public const string TombstoneType = "tombstone";

    /// <summary>SQL that holds for an event of the ledger, not a tombstone, in the <c>mt_events</c> row <paramref name="alias"/>.</summary>
    public static string IsLedgerEvent(string alias) =>
        $"NOT ({alias}.type = '{TombstoneType}' AND {alias}.version = {alias}.seq_id)";

    public static void Configure(
        StoreOptions opts, NpgsqlDataSource dataSource, JsonSerializerOptions json, IEnumerable<Type> eventTypes, TamperEvidenceKeys keys)
    {
        opts.Connection(dataSource);
        opts.DatabaseSchemaName = Schema;
        opts.UseSystemTextJsonForSerialization(json, EnumStorage.AsString, Casing.CamelCase);

        // The schema changes only through the migration applied at start-up (ApplyAllDatabaseChangesOnStartup) or
        // through the script a DBA reviews: never as a side effect of a command.
        opts.AutoCreateSchemaObjects = AutoCreate.None;

        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Rich appends: the inline read models key journal lines by the events' sequence numbers, which Quick appends
        // only know after the insert.
        opts.Events.AppendMode = EventAppendMode.Rich;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        // Spans for each connection's use, inside the request's trace; none is made while no tracer listens.
        opts.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
        opts.Events.AddEventTypes(eventTypes);

        // A command's transaction is its own (SessionOptions.ForTransaction): a statement retried inside it after a lost
        // connection cannot succeed, and a deadlock is retried by the command pipeline, which decides again on fresh state.
        opts.ConfigurePolly(_ => { });

        opts.Storage.Add(new TamperEvidence(opts.Advanced.Migrator));
        // Every module's events are signed as they are appended, and sealed once committed.
        opts.Projections.Add(new EventMacs(keys), ProjectionLifecycle.Inline, EventMacs.Name);
        opts.Projections.Add(new Sealer(dataSource, keys, TimeProvider.System), ProjectionLifecycle.Async, Sealer.Name);
    }
}
