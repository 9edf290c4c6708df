using System.Text.Json.Serialization;

namespace QuotaLedger.Domain.Shared;

/// <summary>
/// An amount of quota in its three independent measures (R1): area in mu, grain capacity in kg per year and paddy
/// area in mu. Linkage surplus quota carries area only. Every operation works measure by measure.
/// </summary>
/// <remarks>
/// JSON builds it through its constructor: a struct is otherwise built with its default constructor, and a measure
/// missing from a request would be read as 0 instead of being refused as a missing member.
/// </remarks>
[method: JsonConstructor]
public readonly record struct Measures(decimal Area, decimal GrainCapacity, decimal PaddyArea)
{
    public const int AreaDecimals = 4;
    public const int GrainCapacityDecimals = 2;

    /// <summary>Bounds that no single amount may exceed: about the whole land area of Inner Mongolia.</summary>
    public const decimal MaxArea = 2_000_000_000m;
    public const decimal MaxGrainCapacity = 2_000_000_000_000m;

    public static readonly Measures Zero = new(0, 0, 0);

    public static Measures operator +(Measures a, Measures b) =>
        new(a.Area + b.Area, a.GrainCapacity + b.GrainCapacity, a.PaddyArea + b.PaddyArea);

    public static Measures operator -(Measures a, Measures b) =>
        new(a.Area - b.Area, a.GrainCapacity - b.GrainCapacity, a.PaddyArea - b.PaddyArea);

    public static Measures operator -(Measures a) => new(-a.Area, -a.GrainCapacity, -a.PaddyArea);

    [JsonIgnore]
    public bool IsZero => Area == 0 && GrainCapacity == 0 && PaddyArea == 0;

    [JsonIgnore]
    public bool AnyNegative => Area < 0 || GrainCapacity < 0 || PaddyArea < 0;

    /// <summary>True when every measure is at most the other's.</summary>
    public bool FitsWithin(Measures other) =>
        Area <= other.Area && GrainCapacity <= other.GrainCapacity && PaddyArea <= other.PaddyArea;

    public static Measures Min(Measures a, Measures b) =>
        new(Math.Min(a.Area, b.Area), Math.Min(a.GrainCapacity, b.GrainCapacity), Math.Min(a.PaddyArea, b.PaddyArea));

    public static Measures Sum(IEnumerable<Measures> all) => all.Aggregate(Zero, (a, b) => a + b);

    public override string ToString() => $"area {Area} mu, grain capacity {GrainCapacity} kg, paddy area {PaddyArea} mu";
}
