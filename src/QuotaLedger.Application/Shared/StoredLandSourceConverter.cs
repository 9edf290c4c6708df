using System.Text.Json;
using System.Text.Json.Serialization;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// Land sources in stored events and documents. A lot's provenance once kept its land source as text, the C# name
/// ("UnusedLand"); those events are kept for ever (R11) and are never rewritten, so stored data is read in that
/// spelling too. Everything is written, and every request read, in the API's snake_case spelling only.
/// </summary>
public sealed class StoredLandSourceConverter : JsonConverter<LandSource>
{
    private static readonly Dictionary<string, LandSource> Spellings = Enum.GetValues<LandSource>()
        .SelectMany(v => new[] { (Name: SnakeCaseEnumConverter.NameOf(v), Value: v), (Name: v.ToString(), Value: v) })
        .ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

    public override LandSource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Spellings.TryGetValue(reader.GetString()!, out var value)
            ? value
            : throw new JsonException($"A stored land source must be one of: {string.Join(", ", Spellings.Keys)}.");

    public override void Write(Utf8JsonWriter writer, LandSource value, JsonSerializerOptions options) =>
        writer.WriteStringValue(SnakeCaseEnumConverter.NameOf(value));
}
