using Npgsql;

namespace QuotaLedger.EventStore;

/// <summary>Reads <see cref="RecordedEvent"/>s from queries that select <see cref="Columns"/> from <c>ql_events e JOIN ql_streams s</c>.</summary>
public static class EventReader
{
    public const string Columns =
        "e.seq_id, e.id, e.stream_id, s.type, e.version, e.type, e.data::text, e.actor, e.organisation, e.timestamp, e.reason, e.correlation_id, e.causation_id";

    public static async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(NpgsqlCommand cmd, EventTypeRegistry types, CancellationToken ct)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var type = reader.GetString(5);
            events.Add(new RecordedEvent(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetInt64(4), type,
                types.Deserialize(type, reader.GetString(6)),
                new EventMetadata(
                    reader.GetString(7), reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetGuid(11),
                    reader.IsDBNull(12) ? null : reader.GetGuid(12))));
        }
        return events;
    }
}
