using System.Text.Json;
using Npgsql;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain;
using QuotaLedger.EventStore;

namespace QuotaLedger.Application.ReadModels;

/// <summary>Keeps <c>ql_documents</c> in step with every aggregate stream, in the appending transaction.</summary>
/// <remarks>
/// The documents of all the streams appended to are read in one statement and written in one batch, so a command
/// (or a page of a rebuild) costs two round trips however many streams it touched.
/// </remarks>
public sealed class DocumentProjection(DocumentStore documents) : IInlineProjection
{
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var streams = (from stream in events.GroupBy(e => e.StreamId)
                       let type = AggregateTypes.ByStreamType.GetValueOrDefault(stream.First().StreamType)
                       where type is not null
                       select (Events: stream.ToArray(), Type: type!)).ToArray();
        if (streams.Length == 0) return;
        var current = await LoadAsync(connection, transaction, streams.Select(s => s.Events[0].StreamId).ToArray(), ct);

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (stream, type) in streams)
        {
            var (first, last) = (stream[0], stream[^1]);
            var state = current.TryGetValue(first.StreamId, out var json) ? JsonSerializer.Deserialize(json, type.ClrType, Json.Options) : null;
            state = stream.Aggregate(state, (s, e) => type.Evolve(s, (IDomainEvent)e.Data));
            if (state is null) continue;

            var save = new NpgsqlBatchCommand("""
                INSERT INTO ql_documents (id, type, version, data, scope, created_seq, updated_seq)
                VALUES ($1, $2, $3, $4::jsonb, $5, $6, $6)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, data = excluded.data, scope = excluded.scope,
                    updated_seq = excluded.updated_seq
                """);
            save.Parameters.AddWithValue(first.StreamId);
            save.Parameters.AddWithValue(type.StreamType);
            save.Parameters.AddWithValue(last.Version);
            save.Parameters.AddWithValue(JsonSerializer.Serialize(state, type.ClrType, Json.Options));
            save.Parameters.AddWithValue(documents.ScopeOf(type.Parties(state)));
            save.Parameters.AddWithValue(first.Sequence);
            batch.BatchCommands.Add(save);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    private static async Task<Dictionary<Guid, string>> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] ids, CancellationToken ct)
    {
        var found = new Dictionary<Guid, string>();
        await using var load = new NpgsqlCommand("SELECT id, data::text FROM ql_documents WHERE id = ANY($1)", connection, transaction);
        load.Parameters.AddWithValue(ids);
        await using var reader = await load.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetGuid(0)] = reader.GetString(1);
        return found;
    }
}
