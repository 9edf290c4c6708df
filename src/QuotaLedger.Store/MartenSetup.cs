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

    /// <summary>The stream Marten fills the sequence numbers of failed appends with; not part of the ledger's history.</summary>
    public static readonly Guid TombstoneStreamId = Tombstone.StreamId;

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
