using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// The members a refused request body lacks, each by its path (<c>amount.grainCapacity</c>). The reader stops at the
/// first object that lacks members and names them only in its message, so the body, kept for this by
/// <see cref="RequestContextMiddleware"/>, is read again against the contract the reader used.
/// </summary>
public static class MissingMembers
{
    public static async Task<IReadOnlyList<string>> FindAsync(HttpContext http, JsonSerializerOptions options)
    {
        var bodyType = http.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (bodyType is null || !http.Request.Body.CanSeek) return [];
        try
        {
            http.Request.Body.Position = 0;
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var missing = new List<string>();
            Collect(body.RootElement, options.GetTypeInfo(bodyType), "", missing);
            return missing;
        }
        catch (Exception e) when (e is JsonException or IOException or BadHttpRequestException)
        {
            // Not JSON, or no longer readable: the reader's own error is all there is to say.
            return [];
        }
    }

    /// <summary>The path of the object a member belongs to; "" for the body itself.</summary>
    public static string ObjectOf(string member) => member.LastIndexOf('.') is var dot and >= 0 ? member[..dot] : "";

    private static void Collect(JsonElement json, JsonTypeInfo type, string path, List<string> missing)
    {
        if (type.Kind != JsonTypeInfoKind.Object || json.ValueKind != JsonValueKind.Object) return;
        foreach (var property in type.Properties)
        {
            var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (json.TryGetProperty(property.Name, out var value))
                Collect(value, type.Options.GetTypeInfo(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType), at, missing);
            else if (property.IsRequired)
                missing.Add(at);
        }
    }
}
