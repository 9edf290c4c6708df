using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using QuotaLedger.Application.Shared;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// Says which members are required and which may be null from the contract the API's own JSON options give each type,
/// the one the strict reader refuses bodies by (<c>Json.ConfigureStrict</c>): Swashbuckle lists no member as required
/// and every reference type as nullable, so generated clients would send bodies the reader refuses. The region names the
/// contract adds (<see cref="RegionNames"/>), which Swashbuckle does not see, are documented here too.
/// </summary>
public sealed class JsonContractSchemaFilter(IOptions<JsonOptions> json) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } target) return;
        var contract = json.Value.SerializerOptions.GetTypeInfo(context.Type);
        if (contract.Kind != JsonTypeInfoKind.Object) return;

        var required = new HashSet<string>(StringComparer.Ordinal);
        var names = contract.Properties.Where(RegionNames.IsCode).Select(RegionNames.NameOf).ToHashSet(StringComparer.Ordinal);
        foreach (var property in contract.Properties)
        {
            if (names.Contains(property.Name)) target.Properties[property.Name] = RegionName;
            if (!target.Properties.TryGetValue(property.Name, out var member)) continue;
            if (property.IsRequired) required.Add(property.Name);
            target.Properties[property.Name] = WithNullability(member, MayBeNull(property));
        }
        target.Required = required.Count > 0 ? required : null;
    }

    /// <summary>A member <see cref="RegionNames"/> adds, which Swashbuckle does not see.</summary>
    private static OpenApiSchema RegionName => new()
    {
        Type = JsonSchemaType.String | JsonSchemaType.Null,
        ReadOnly = true,
        Description = "The region's name in Chinese; null where the code is not one of Inner Mongolia's regions (a buyer's).",
    };

    /// <summary>
    /// Whether null is taken: by the reader for a member it sets, by the writer for one it only writes (a get-only
    /// member, documented read-only).
    /// </summary>
    private static bool MayBeNull(JsonPropertyInfo property) =>
        property.Set is not null || property.AssociatedParameter is not null ? property.IsSetNullable : property.IsGetNullable;

    /// <summary>
    /// OpenAPI 3.0 ignores anything beside a $ref, so a reference that may be null is wrapped in an allOf that can say
    /// so; an inline schema carries the null in its type.
    /// </summary>
    private static IOpenApiSchema WithNullability(IOpenApiSchema member, bool nullable) => member switch
    {
        OpenApiSchema inline when inline.Type is { } type =>
            SetType(inline, nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null),
        OpenApiSchemaReference reference when nullable => new OpenApiSchema { AllOf = [reference], Type = JsonSchemaType.Null },
        _ => member,
    };

    private static OpenApiSchema SetType(OpenApiSchema schema, JsonSchemaType type)
    {
        schema.Type = type;
        return schema;
    }
}
