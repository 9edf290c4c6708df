using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Tests.Support;

/// <summary>What a decision did to a history: the events it decided, or the rule that refused it.</summary>
public sealed class Outcome(History given, IReadOnlyList<IDomainEvent> events, RuleViolationException? refusal)
{
    public RuleViolationException? Refusal => refusal;

    public IReadOnlyList<IDomainEvent> Events
    {
        get
        {
            if (refusal is not null) Assert.Fail($"Expected events but the decision was refused ({refusal.Rule}): {refusal.Message}");
            return events;
        }
    }

    /// <summary>The history with the decided events appended, to look at the state they lead to.</summary>
    public History Applied => new(given.Journal.Concat(Events));

    public void Then(params IDomainEvent[] expected) =>
        Assert.Equal(expected.Select(Describe), Events.Select(Describe));

    public RuleViolationException ThenRefused(Rule rule)
    {
        if (refusal is null) Assert.Fail($"Expected a refusal by {rule} but got: {string.Join("; ", events.Select(Describe))}");
        Assert.Equal(rule, refusal.Rule);
        Assert.Empty(events);
        return refusal;
    }

    /// <summary>
    /// Events hold lists, which records compare by reference; comparing their JSON compares them by content. Decimals
    /// are written without trailing zeros so that 10.0 mu and 10 mu describe the same amount.
    /// </summary>
    public static string Describe(IDomainEvent e) => $"{e.GetType().Name} {JsonSerializer.Serialize(e, e.GetType(), Json)}";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(), new NormalisedDecimal() } };

    private sealed class NormalisedDecimal : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToString("0.############################", CultureInfo.InvariantCulture));
    }
}
