using System.Text.Json;

namespace QuotaLedger.Store;

/// <summary>
/// The bytes an event's MAC is computed over: everything the service recorded about it, as one JSON array in a fixed
/// order, so that no two different events read alike. The service computes it from the event it appends; the verifier
/// recomputes it from the stored row, reading the data into its .NET type and writing it again with the same
/// serializer (jsonb keeps the values but not the text the service wrote: it reorders keys and spaces).
/// </summary>
public static class CanonicalEvent
{
    /// <param name="timestampMicros">Microseconds since the Unix epoch: what PostgreSQL keeps of a timestamp.</param>
    /// <param name="headers">Only string values are written by the service; others are taken as their JSON.</param>
    /// <param name="data">The event's data as the store's serializer writes it.</param>
    public static byte[] Of(
        long sequence, Guid id, Guid streamId, long version, string type, long timestampMicros, string? userName,
        string? correlationId, string? causationId, IEnumerable<KeyValuePair<string, string>> headers, string data)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(sequence);
            writer.WriteStringValue(id);
            writer.WriteStringValue(streamId);
            writer.WriteNumberValue(version);
            writer.WriteStringValue(type);
            writer.WriteNumberValue(timestampMicros);
            writer.WriteStringValue(userName);
            writer.WriteStringValue(correlationId);
            writer.WriteStringValue(causationId);
            writer.WriteStartArray();
            foreach (var (key, value) in headers.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                writer.WriteStartArray();
                writer.WriteStringValue(key);
                writer.WriteStringValue(value);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteRawValue(data);
            writer.WriteEndArray();
        }
        return buffer.ToArray();
    }

    /// <summary>Microseconds since the Unix epoch, truncated as Npgsql truncates when it writes a timestamp.</summary>
    public static long Micros(DateTimeOffset timestamp) => (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>A header's value as text: strings as they are, anything else as its JSON.</summary>
    public static string HeaderText(object? value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(value),
    };
}
