using System.Text.Json;
using Npgsql;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain;

namespace QuotaLedger.Application.ReadModels;

/// <summary>
/// Every aggregate's current state as a jsonb document (Marten's inline single-stream projection), with the codes of
/// the holders it concerns and their prefectures, so that scoped lists are one indexed query.
/// </summary>
public sealed class DocumentStore(RegionCatalog regions)
{
    public async Task<Dictionary<Guid, Loaded<T>>> LoadManyAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction? tx, IReadOnlyCollection<Guid> ids, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT id, data::text, version FROM ql_documents WHERE id = ANY($1) AND type = $2", connection, tx);
        cmd.Parameters.AddWithValue(ids.ToArray());
        cmd.Parameters.AddWithValue(T.StreamType);
        return (await ReadAsync<T>(cmd, ct)).ToDictionary(d => d.Id, d => d.Loaded);
    }

    /// <summary>Documents of a type that the actor may see, newest first, optionally only those of one party.</summary>
    public async Task<IReadOnlyList<Loaded<T>>> ListAsync<T>(
        NpgsqlConnection connection, Actor actor, string? party, int limit, int offset, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT id, data::text, version FROM ql_documents
            WHERE type = $1 AND ($2::text IS NULL OR $2 = ANY(scope)) AND ($3::text IS NULL OR $3 = ANY(scope))
            ORDER BY created_seq DESC LIMIT $4 OFFSET $5
            """, connection);
        cmd.Parameters.AddWithValue(T.StreamType);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, actor.Role == Role.Centre ? DBNull.Value : actor.Organisation);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)party ?? DBNull.Value);
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.AddWithValue(offset);
        return (await ReadAsync<T>(cmd, ct)).Select(d => d.Loaded).ToArray();
    }

    /// <summary>The codes that may see a document: its parties and the prefectures above them (the centre sees all).</summary>
    public string[] ScopeOf(IEnumerable<string> parties) =>
        parties.SelectMany(p => new[] { p, regions.PrefectureOf(p) }).OfType<string>().Distinct().ToArray();

    private static async Task<List<(Guid Id, Loaded<T> Loaded)>> ReadAsync<T>(NpgsqlCommand cmd, CancellationToken ct)
    {
        var result = new List<(Guid, Loaded<T>)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result.Add((reader.GetGuid(0), new Loaded<T>(JsonSerializer.Deserialize<T>(reader.GetString(1), Json.Options)!, reader.GetInt64(2))));
        return result;
    }
}
