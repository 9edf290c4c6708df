using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Shared.Policy;

/// <summary>
/// How farmland was occupied, as the 2025 regime of the national reform (自然资发〔2024〕204号) records it on every
/// consumption. The last three are the exemptions of 进出平衡 (自然资发〔2021〕166号): they need no quota, so they are
/// refused as consumption where a regime lists them as exempt.
/// </summary>
public enum OccupationType
{
    /// <summary>非农建设: construction.</summary>
    NonFarmConstruction,
    /// <summary>农业结构调整: farmland turned into orchards, tea gardens, fish ponds or other farming use.</summary>
    FarmingStructureChange,
    /// <summary>造林种草: farmland turned into forest or grassland.</summary>
    AfforestationOrGrassland,
    /// <summary>违法占用: occupied without approval, balanced when the occupation is regularised.</summary>
    IllegalOccupation,
    /// <summary>国家安排的生态退耕: ecological retirement the state arranged.</summary>
    StateEcologicalConversion,
    /// <summary>自然灾害损毁难以复耕: destroyed by a natural disaster beyond restoring.</summary>
    NaturalDisasterDamage,
    /// <summary>河湖水面自然扩大: permanently flooded by a river or lake that grew by itself.</summary>
    NaturalWaterExpansion,
}

/// <summary>
/// R7 as a regime states it: which measures a consumption must cover (占一补一 area, 占优补优 grain capacity, 占水田补水田
/// paddy area), whether it must name its occupation type, and which types are exempt from the balance.
/// </summary>
public sealed record ConsumptionRules(
    bool CoverArea,
    bool CoverGrainCapacity,
    bool CoverPaddyArea,
    bool OccupationTypeRequired,
    IReadOnlyList<OccupationType> ExemptTypes)
{
    /// <summary>What of the occupied land the held quota must cover: the measures the regime requires, none of the others.</summary>
    public Measures Required(Measures occupied) =>
        new(CoverArea ? occupied.Area : 0, CoverGrainCapacity ? occupied.GrainCapacity : 0, CoverPaddyArea ? occupied.PaddyArea : 0);

    /// <summary>
    /// R7 under the regime <paramref name="regimeId"/>: the occupation type named where the regime asks for one, not one
    /// of its exempt types (they need no quota, so they are no consumption), and the held amount covering what is required.
    /// </summary>
    public void RequireConsumption(string regimeId, OccupationType? occupation, Measures occupied, Measures amount)
    {
        if (occupation is null && OccupationTypeRequired)
            throw new RuleViolationException(Rule.OccupationTypeRequired,
                $"R7 under {regimeId}: every farmland occupation counts, so a consumption names its occupation type.");
        if (occupation is { } type && ExemptTypes.Contains(type))
            throw new RuleViolationException(Rule.ExemptOccupation,
                $"R7 under {regimeId}: {Spelling.Of(type)} is exempt from the farmland balance and needs no quota; it is not recorded as consumption.");
        if (!Required(occupied).FitsWithin(amount))
            throw new RuleViolationException(Rule.ConsumptionNotCovered,
                $"R7 under {regimeId} (占一补一, 占优补优, 占水田补水田): the linked {amount} does not cover the occupied {occupied}.");
    }
}

/// <summary>
/// One regime of the oversight rules, in force from its effective date until the next: the abandonment share at which
/// R5 freezes, the share of suspect projects the annual check samples on site, the deadlines of the monthly patrol
/// (days for a prefecture to forward the problem list to its counties, then for a county to report its on-site result),
/// and the rules of consumption (R7). Every decision taken under it records its <paramref name="Id"/>.
/// </summary>
public sealed record PolicyParameterSet(
    string Id,
    DateOnly EffectiveFrom,
    string Source,
    decimal AbandonmentFreezePercent,
    decimal FieldSamplePercent,
    int PatrolForwardDays,
    int PatrolReportDays,
    ConsumptionRules Consumption)
{
    public const int MaxIdLength = 64;
    public const int MaxDays = 366;
}

/// <summary>The centre added a regime, in force from its effective date.</summary>
public sealed record PolicyParametersSet(PolicyParameterSet Parameters, string Reason) : IEventOf<PolicyParameters>;

/// <summary>
/// The dated policy parameters of oversight and consumption (R5, R7, the patrol's deadlines): data with effective dates
/// that the centre maintains, never constants in code (domain brief §4). Two regimes are built in, the one of F-2023 for
/// the 14th Five-Year Plan and the 2025 one of the national reform; the centre adds later ones. One stream for the region.
/// </summary>
/// <param name="Sets">Every regime, in order of effective date; of two with one date, the later set last.</param>
public sealed record PolicyParameters(IReadOnlyList<PolicyParameterSet> Sets) : IAggregate<PolicyParameters>
{
    /// <summary>F-2023 §十一 and §十四 with P-2022: the regime of the 14th Five-Year Plan, from its first day.</summary>
    public static readonly PolicyParameterSet F2023 = new("F-2023", new DateOnly(2021, 1, 1),
        "内政办发〔2023〕6号 §一(四), §十一, §十四; 内政发〔2022〕21号",
        AbandonmentFreezePercent: 10m, FieldSamplePercent: 15m, PatrolForwardDays: 5, PatrolReportDays: 5,
        new ConsumptionRules(CoverArea: true, CoverGrainCapacity: true, CoverPaddyArea: true, OccupationTypeRequired: false, ExemptTypes: []));

    /// <summary>
    /// 自然资发〔2024〕204号 from 2025-01-01: every kind of farmland occupation counts, not only construction, so each
    /// consumption names its occupation type, and the exemptions of 进出平衡 are no consumption.
    /// </summary>
    public static readonly PolicyParameterSet Reform2025 = F2023 with
    {
        Id = "NR-2025",
        EffectiveFrom = new DateOnly(2025, 1, 1),
        Source = "自然资发〔2024〕204号",
        Consumption = F2023.Consumption with
        {
            OccupationTypeRequired = true,
            ExemptTypes = [OccupationType.StateEcologicalConversion, OccupationType.NaturalDisasterDamage, OccupationType.NaturalWaterExpansion],
        },
    };

    /// <summary>The regimes before the centre sets any.</summary>
    public static readonly PolicyParameters BuiltIn = new([F2023, Reform2025]);

    public static string StreamType => "policy_parameters";

    public static readonly Guid StreamId = StreamIds.Derived("policy-parameters", RegionCatalog.RegionCode);

    public IReadOnlyCollection<string> Parties => [RegionCatalog.RegionCode];

    public static PolicyParameters? Evolve(PolicyParameters? state, IDomainEvent @event) => @event switch
    {
        PolicyParametersSet e => new PolicyParameters(
            (state ?? BuiltIn).Sets.Append(e.Parameters).OrderBy(s => s.EffectiveFrom).ToArray()),
        _ => state,
    };

    /// <summary>The regime in force on <paramref name="day"/>; before the first one's date, the first (the plan's own).</summary>
    public PolicyParameterSet InForceOn(DateOnly day) => Sets.LastOrDefault(s => s.EffectiveFrom <= day) ?? Sets[0];

    /// <summary>
    /// A regime applies from today or a later day, never from a past one: decisions already taken were taken under the
    /// regime then in force, and the history must keep saying so. Its id names it in every decision, so it is new.
    /// </summary>
    public PolicyParametersSet Set(PolicyParameterSet parameters, DateOnly today, string reason)
    {
        if (parameters.EffectiveFrom < today)
            throw new RuleViolationException(Rule.RetroactivePolicy,
                $"Policy parameters cannot apply from {parameters.EffectiveFrom}, before today ({today}): decisions already taken used the regime then in force.");
        if (Sets.Any(s => string.Equals(s.Id, parameters.Id, StringComparison.OrdinalIgnoreCase)))
            throw new RuleViolationException(Rule.InvalidState, $"A regime named {parameters.Id} exists; a new regime takes a new name.");
        if (parameters.AbandonmentFreezePercent is <= 0 or > 100 || parameters.FieldSamplePercent is <= 0 or > 100)
            throw new RuleViolationException(Rule.InvalidAmount, "The abandonment threshold and the field sample are percentages above 0 and at most 100.");
        if (parameters.PatrolForwardDays is < 1 or > PolicyParameterSet.MaxDays || parameters.PatrolReportDays is < 1 or > PolicyParameterSet.MaxDays)
            throw new RuleViolationException(Rule.InvalidAmount, $"The patrol's deadlines are 1 to {PolicyParameterSet.MaxDays} days.");
        return new PolicyParametersSet(parameters, reason);
    }
}
