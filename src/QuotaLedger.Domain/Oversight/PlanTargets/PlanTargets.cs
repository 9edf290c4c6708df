using System.Globalization;
using System.Reflection;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Oversight.PlanTargets;

/// <summary>
/// One amount a target took: in mu, applying from <paramref name="EffectiveFrom"/> (a UTC day) but never before the moment it
/// was recorded, and why. The annexes' amounts were recorded with the service itself (<paramref name="RecordedAt"/> null).
/// </summary>
public sealed record PlanTargetAmount(decimal Amount, DateOnly EffectiveFrom, DateTimeOffset? RecordedAt, string Reason)
{
    /// <summary>
    /// Whether a report as of <paramref name="asOf"/> counts this amount: its day has come and the centre had recorded it
    /// by then, so that a report asOf a moment shows what a report taken at that moment showed.
    /// </summary>
    public bool AppliesAsOf(DateTimeOffset asOf) =>
        EffectiveFrom <= DateOnly.FromDateTime(asOf.UtcDateTime) && (RecordedAt is null || RecordedAt <= asOf);
}

/// <summary>
/// R10: how much new quota of a kind a prefecture is to create in a period, in mu of area (P-2022 annexes 2 and 3), with
/// every amount it took, in order of effective date (of two with one date, the later recorded last).
/// </summary>
/// <param name="Period">A plan year (<c>2022</c>) or a span (<c>2021-2025</c>), as <see cref="PlanPeriod"/> writes it.</param>
public sealed record PlanTarget(QuotaKind Kind, string Prefecture, string Period, IReadOnlyList<PlanTargetAmount> Amounts)
{
    /// <summary>The annexes set every target as an area in mu, the unit every target keeps.</summary>
    public const string Unit = "mu";

    /// <summary>The amount in force as of a moment: the last that applies then; null before any does.</summary>
    public decimal? AmountAsOf(DateTimeOffset asOf) => Amounts.LastOrDefault(a => a.AppliesAsOf(asOf))?.Amount;

    public bool Is(QuotaKind kind, string prefecture, string period) => Kind == kind && Prefecture == prefecture && Period == period;
}

/// <summary>The centre set a target for a period the plan had none for.</summary>
public sealed record PlanTargetAdded(
    QuotaKind Kind, string Prefecture, string Period, decimal Amount, DateOnly EffectiveFrom, DateTimeOffset RecordedAt, string Reason)
    : IEventOf<PlanTargets>;

/// <summary>
/// The centre amended a target: from its effective date the target is this amount. The earlier amounts stay in the
/// target's history and in reports as of a moment before the amendment applied.
/// </summary>
public sealed record PlanTargetAmended(
    QuotaKind Kind, string Prefecture, string Period, decimal Amount, DateOnly EffectiveFrom, DateTimeOffset RecordedAt, string Reason)
    : IEventOf<PlanTargets>;

/// <summary>
/// The plan targets of R10: the annexes of P-2022 built in (<c>plan-targets.csv</c>), and what the centre added and amended
/// since. One stream for the region; a target is never edited, each change is an event with its day and reason.
/// </summary>
public sealed record PlanTargets(IReadOnlyList<PlanTarget> Targets) : IAggregate<PlanTargets>
{
    /// <summary>The first day of the 14th Five-Year Plan, from which the annexes' targets are in force.</summary>
    public static readonly DateOnly AnnexesInForceFrom = new(2021, 1, 1);

    /// <summary>The targets of the annexes, before the centre changes any.</summary>
    public static readonly PlanTargets BuiltIn = Load();

    public static string StreamType => "plan_targets";

    public static readonly Guid StreamId = StreamIds.Derived("plan-targets", RegionCatalog.RegionCode);

    public IReadOnlyCollection<string> Parties => [RegionCatalog.RegionCode];

    public static PlanTargets? Evolve(PlanTargets? state, IDomainEvent @event) => @event switch
    {
        PlanTargetAdded e => (state ?? BuiltIn) with
        {
            Targets = [.. (state ?? BuiltIn).Targets,
                new PlanTarget(e.Kind, e.Prefecture, e.Period, [new PlanTargetAmount(e.Amount, e.EffectiveFrom, e.RecordedAt, e.Reason)])],
        },
        PlanTargetAmended e => (state ?? BuiltIn) with
        {
            Targets = (state ?? BuiltIn).Targets.Select(t => t.Is(e.Kind, e.Prefecture, e.Period)
                ? t with
                {
                    Amounts = t.Amounts.Append(new PlanTargetAmount(e.Amount, e.EffectiveFrom, e.RecordedAt, e.Reason))
                        .OrderBy(a => a.EffectiveFrom).ToArray(),
                }
                : t).ToArray(),
        },
        _ => state,
    };

    public PlanTarget? Find(QuotaKind kind, string prefecture, string period) => Targets.FirstOrDefault(t => t.Is(kind, prefecture, period));

    /// <summary>R10: the centre sets a target for a period the prefecture has none for (a later year, the next plan).</summary>
    public PlanTargetAdded Add(QuotaKind kind, string prefecture, string period, decimal amount, DateOnly effectiveFrom, DateTimeOffset now, string reason)
    {
        var canonical = RequireTarget(prefecture, period, effectiveFrom, now);
        if (Find(kind, prefecture, canonical) is not null)
            throw new RuleViolationException(Rule.PlanTargetExists,
                $"{prefecture} has a {Spelling.Of(kind)} target for {canonical}: the centre amends it instead.");
        RequireAmount(amount, positive: true);
        return new PlanTargetAdded(kind, prefecture, canonical, amount, effectiveFrom, Recorded(now), reason);
    }

    /// <summary>
    /// R10: the centre amends a target from a day on (today or later). An amount of 0 withdraws it: the report then shows
    /// no percentage for it.
    /// </summary>
    public PlanTargetAmended Amend(QuotaKind kind, string prefecture, string period, decimal amount, DateOnly effectiveFrom, DateTimeOffset now, string reason)
    {
        var canonical = RequireTarget(prefecture, period, effectiveFrom, now);
        if (Find(kind, prefecture, canonical) is null)
            throw new RuleViolationException(Rule.PlanTargetMissing,
                $"{prefecture} has no {Spelling.Of(kind)} target for {canonical} to amend: the centre adds one first.");
        RequireAmount(amount, positive: false);
        return new PlanTargetAmended(kind, prefecture, canonical, amount, effectiveFrom, Recorded(now), reason);
    }

    private static string RequireTarget(string prefecture, string period, DateOnly effectiveFrom, DateTimeOffset now)
    {
        if (RegionCatalog.InnerMongolia.Find(prefecture) is not { Level: RegionLevel.Prefecture })
            throw new RuleViolationException(Rule.InvalidHolder, $"{prefecture} is not a prefecture of Inner Mongolia: plan targets are set per prefecture.");
        if (!PlanPeriod.TryParse(period, out var parsed))
            throw new RuleViolationException(Rule.InvalidAmount, $"'{period}' is not {PlanPeriod.FormDescription}.");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // Reports as of a past moment must keep showing what they showed then: a target changes from today on, never before.
        if (effectiveFrom < today)
            throw new RuleViolationException(Rule.RetroactivePolicy,
                $"A target cannot change from {effectiveFrom}, before today ({today}): reports already taken used the target then in force.");
        return parsed.ToString();
    }

    private static void RequireAmount(decimal amount, bool positive)
    {
        if (amount < 0 || (positive && amount == 0) || amount > Measures.MaxArea || !Quantities.HasAtMostDecimals(amount, Measures.AreaDecimals))
            throw new RuleViolationException(Rule.InvalidAmount,
                $"A target is an area in mu, {(positive ? "above" : "at least")} 0, kept to {Measures.AreaDecimals} decimal places and not rounded (R1); {amount} is not.");
    }

    /// <summary>The moment as PostgreSQL keeps the events' timestamps, to the microsecond, so that both name the same instant.</summary>
    private static DateTimeOffset Recorded(DateTimeOffset now) =>
        DateTimeOffset.UnixEpoch.AddTicks((now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10 * 10);

    private static PlanTargets Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("plan-targets.csv")
                           ?? throw new InvalidOperationException("plan-targets.csv is not embedded.");
        using var reader = new StreamReader(stream);
        var targets = new List<PlanTarget>();
        reader.ReadLine(); // header: quota_kind,prefecture_code,prefecture_name,period,unit,amount
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            var kind = f[0] switch
            {
                "replenishment" => QuotaKind.Replenishment,
                "linkage_surplus" => QuotaKind.LinkageSurplus,
                _ => throw new InvalidDataException($"plan-targets.csv names an unknown kind '{f[0]}'."),
            };
            if (f[4] != PlanTarget.Unit) throw new InvalidDataException($"plan-targets.csv gives a target in '{f[4]}', not mu.");
            var source = kind == QuotaKind.Replenishment ? "内政发〔2022〕21号 附件2" : "内政发〔2022〕21号 附件3";
            targets.Add(new PlanTarget(kind, f[1], PlanPeriod.Parse(f[3]).ToString(),
                [new PlanTargetAmount(decimal.Parse(f[5], CultureInfo.InvariantCulture), AnnexesInForceFrom, null, source)]));
        }
        return new PlanTargets(targets);
    }
}
