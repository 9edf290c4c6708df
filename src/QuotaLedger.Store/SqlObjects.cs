using System.Data.Common;
using Weasel.Core;

namespace QuotaLedger.Store;

/// <summary>
/// SQL that Weasel cannot model (functions, triggers), applied as one object: created when the version recorded in
/// the database differs from <paramref name="version"/>, never dropped. The version is what a marker function of its
/// own returns.
/// </summary>
public sealed class SqlObjects(string name, int version, string sql) : ISchemaObject
{
    private string Marker => $"{MartenSetup.Schema}.{name}_version";

    public DbObjectName Identifier => MartenSetup.ObjectName(name);

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        writer.WriteLine(sql);
        writer.WriteLine($"CREATE OR REPLACE FUNCTION {Marker}() RETURNS int LANGUAGE sql IMMUTABLE AS $${MarkerBody}$$;");
    }

    public void WriteDropStatement(Migrator rules, TextWriter writer)
    {
        // Never dropped: the triggers it creates are what protects the events.
    }

    private string MarkerBody => $" SELECT {version} ";

    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder) => builder.Append($"""
        SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = '{MartenSetup.Schema}' AND p.proname = '{name}_version';
        """);

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
    {
        var applied = await reader.ReadAsync(ct) ? reader.GetString(0) : null;
        return new SchemaObjectDelta(this, applied == MarkerBody ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
    }

    public IEnumerable<DbObjectName> AllNames() => [Identifier];
}
