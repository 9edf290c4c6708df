using System.Text.Json;
using Npgsql;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain;
using QuotaLedger.EventStore;

namespace QuotaLedger.Application.ReadModels;

/// <summary>Keeps <c>ql_documents</c> in step with every aggregate stream, in the appending transaction.</summary>
public sealed class DocumentProjection(DocumentStore documents) : IInlineProjection
{
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        foreach (var stream in events.GroupBy(e => e.StreamId))
        {
            var first = stream.First();
            if (!AggregateTypes.ByStreamType.TryGetValue(first.StreamType, out var type)) continue;

            object? state = null;
            await using (var load = new NpgsqlCommand("SELECT data::text FROM ql_documents WHERE id = $1", connection, transaction))
            {
                load.Parameters.AddWithValue(stream.Key);
                if (await load.ExecuteScalarAsync(ct) is string json) state = JsonSerializer.Deserialize(json, type.ClrType, Json.Options);
            }
            state = stream.Aggregate(state, (s, e) => type.Evolve(s, (IDomainEvent)e.Data));
            if (state is null) continue;

            var last = stream.Last();
            await using var save = new NpgsqlCommand("""
                INSERT INTO ql_documents (id, type, version, data, scope, created_seq, updated_seq)
                VALUES ($1, $2, $3, $4::jsonb, $5, $6, $6)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, data = excluded.data, scope = excluded.scope,
                    updated_seq = excluded.updated_seq
                """, connection, transaction);
            save.Parameters.AddWithValue(stream.Key);
            save.Parameters.AddWithValue(type.StreamType);
            save.Parameters.AddWithValue(last.Version);
            save.Parameters.AddWithValue(JsonSerializer.Serialize(state, type.ClrType, Json.Options));
            save.Parameters.AddWithValue(documents.ScopeOf(type.Parties(state)));
            save.Parameters.AddWithValue(first.Sequence);
            await save.ExecuteNonQueryAsync(ct);
        }
    }
}
