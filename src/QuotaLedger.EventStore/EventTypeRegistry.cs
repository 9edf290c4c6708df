using System.Text.Json;

namespace QuotaLedger.EventStore;

/// <summary>
/// Maps event CLR types to stable aliases stored in the <c>type</c> column, so that renaming a class
/// never orphans stored events.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<string, Type> byAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> byType = new();

    public EventTypeRegistry(JsonSerializerOptions json) => Json = json;

    public JsonSerializerOptions Json { get; }

    public EventTypeRegistry Register(Type type, string alias)
    {
        if (byAlias.TryGetValue(alias, out var existing) && existing != type)
            throw new InvalidOperationException($"Event alias '{alias}' is used by {existing} and {type}.");
        byAlias[alias] = type;
        byType[type] = alias;
        return this;
    }

    /// <summary>Registers every concrete type assignable to <typeparamref name="TMarker"/>, aliased by snake_case name.</summary>
    public EventTypeRegistry RegisterAll<TMarker>()
    {
        foreach (var type in typeof(TMarker).Assembly.GetTypes()
                     .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(TMarker).IsAssignableFrom(t)))
            Register(type, ToSnakeCase(type.Name));
        return this;
    }

    public IEnumerable<Type> Types => byType.Keys;

    public string AliasOf(Type type) =>
        byType.TryGetValue(type, out var alias) ? alias : throw new InvalidOperationException($"{type} is not a registered event type.");

    public string Serialize(object data) => JsonSerializer.Serialize(data, data.GetType(), Json);

    public object Deserialize(string alias, string json) =>
        byAlias.TryGetValue(alias, out var type)
            ? JsonSerializer.Deserialize(json, type, Json)!
            : throw new InvalidOperationException($"Unknown event type '{alias}'.");

    private static string ToSnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
