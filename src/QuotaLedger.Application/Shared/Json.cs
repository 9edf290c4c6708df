using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuotaLedger.Application.Shared;

public static class Json
{
    /// <summary>The one JSON shape of events, read models and the API: camelCase, enums as exactly their snake_case names.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.RespectNullableAnnotations = true;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new SnakeCaseEnumConverter());
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }

    /// <summary>
    /// Stored events and documents: unknown members are ignored, so older code can read newer events, and land sources
    /// are also read in the spelling older events stored (<see cref="StoredLandSourceConverter"/>).
    /// </summary>
    public static JsonSerializerOptions ConfigureStored(JsonSerializerOptions options)
    {
        options.Converters.Add(new StoredLandSourceConverter());
        return Configure(options);
    }

    /// <summary>The options of <see cref="ConfigureStored"/>.</summary>
    public static readonly JsonSerializerOptions Options = ConfigureStored(new JsonSerializerOptions());

    /// <summary>
    /// Request bodies: a member the API does not know is refused, not silently dropped; every member without a default
    /// must be present; numbers are read exactly or refused, never rounded; text must be storable.
    /// </summary>
    public static JsonSerializerOptions ConfigureStrict(JsonSerializerOptions options)
    {
        Configure(options).UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new ExactDecimalConverter());
        options.Converters.Add(new StorableTextConverter());
        return options;
    }
}

/// <summary>
/// A JSON value of the right type that the ledger refuses: a number no decimal is exactly, text it cannot store. It is
/// a field error like the validators' (400 validation), not a body of the wrong shape.
/// </summary>
public sealed class ValueRefusedException(string message) : JsonException(message);
