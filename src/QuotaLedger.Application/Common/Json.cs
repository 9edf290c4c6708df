using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuotaLedger.Application.Common;

public static class Json
{
    /// <summary>The one JSON shape of events, read models and the API: camelCase, enums as snake_case strings.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.RespectNullableAnnotations = true;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }

    /// <summary>Stored events and documents: unknown members are ignored, so older code can read newer events.</summary>
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions());

    /// <summary>Request bodies: a member the API does not know is refused, not silently dropped.</summary>
    public static JsonSerializerOptions ConfigureStrict(JsonSerializerOptions options)
    {
        Configure(options).UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectRequiredConstructorParameters = true;
        return options;
    }
}
