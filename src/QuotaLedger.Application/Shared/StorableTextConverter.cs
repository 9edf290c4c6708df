using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// Text PostgreSQL can keep: neither text nor jsonb holds the NUL character, so a name or reason with one would fail
/// the insert of its event (a 500); it is refused on reading instead.
/// </summary>
public sealed class StorableTextConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException();
        var text = reader.GetString()!;
        return text.Contains('\0') ? throw new ValueRefusedException("Text may not contain the NUL character (\\u0000).") : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
