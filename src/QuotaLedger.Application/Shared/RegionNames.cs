using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// Region names in responses: beside each member marked <see cref="RegionCodeAttribute"/> the API writes the region's
/// Chinese name from <see cref="RegionCatalog"/>, under the member's name with <c>Name</c> in place of a final
/// <c>Code</c> (<c>holder</c> → <c>holderName</c>, <c>originCounty</c> → <c>originCountyName</c>,
/// <c>regionCode</c> → <c>regionName</c>); null where the code is not one of the region's (a buyer's). Looked up as the
/// response is written (the API's, and the JSON exports, which are its reports as it answers them), so events and
/// documents keep codes only.
/// </summary>
public static class RegionNames
{
    public static JsonSerializerOptions Add(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(AddNames);
        return options;
    }

    public static bool IsCode(JsonPropertyInfo property) =>
        property.PropertyType == typeof(string)
        && (Marked(property.AttributeProvider) || Marked(property.AssociatedParameter?.AttributeProvider));

    /// <summary>The member that names the region <paramref name="code"/> holds.</summary>
    public static string NameOf(JsonPropertyInfo code) =>
        (code.Name.EndsWith("Code", StringComparison.Ordinal) ? code.Name[..^"Code".Length] : code.Name) + "Name";

    private static bool Marked(ICustomAttributeProvider? member) => member?.IsDefined(typeof(RegionCodeAttribute), inherit: false) == true;

    private static void AddNames(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        var codes = type.Properties.Where(IsCode).ToArray();
        foreach (var code in codes)
        {
            var read = code.Get ?? throw new InvalidOperationException($"{type.Type.Name}.{code.Name} is a region code the API cannot read.");
            var name = type.CreateJsonPropertyInfo(typeof(string), NameOf(code));
            name.Get = owner => RegionCatalog.InnerMongolia.Find(read(owner) as string)?.Name;
            name.IsGetNullable = true;
            type.Properties.Insert(type.Properties.IndexOf(code) + 1, name);
        }
    }
}
