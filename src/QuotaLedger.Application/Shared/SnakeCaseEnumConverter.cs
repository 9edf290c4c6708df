using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// Enums as exactly their snake_case names, the spellings the OpenAPI document lists. The serializer's own enum reading
/// also takes any letter case, the C# names and comma-joined names, whose values it ors together: "unused_land,
/// filled_lake" was read as filled_lake.
/// </summary>
public sealed class SnakeCaseEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    public static string NameOf<T>(T value) where T : struct, Enum => Spelling.Of(value);

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly (T Value, byte[] Utf8)[] Values =
            Enum.GetValues<T>().Select(v => (v, Encoding.UTF8.GetBytes(NameOf(v)))).ToArray();

        private static readonly Dictionary<T, JsonEncodedText> Names = Enum.GetValues<T>().ToDictionary(v => v, v => JsonEncodedText.Encode(NameOf(v)));

        private static readonly string Allowed = string.Join(", ", Enum.GetValues<T>().Select(v => NameOf(v)));

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Find(ref reader);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Find(ref reader);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Name(value));

        private static T Find(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                foreach (var (value, utf8) in Values)
                    if (reader.ValueTextEquals(utf8)) return value;
            throw new JsonException($"Must be one of, spelt exactly so: {Allowed}.");
        }

        private static JsonEncodedText Name(T value) =>
            Names.TryGetValue(value, out var name) ? name : throw new JsonException($"{typeof(T).Name} has no value {value}.");
    }
}
