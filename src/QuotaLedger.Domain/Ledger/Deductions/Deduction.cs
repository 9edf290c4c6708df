using System.Text.Json.Serialization;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Ledger.Deductions;

public enum DeductionStatus
{
    Imposed,
    Reversed,
}

/// <summary>One lot's part of a deduction, with the holder it fell on (the county, or its prefecture for the shortfall).</summary>
public sealed record DeductedShare(Guid LotId, [RegionCode] string Holder, Measures Amount);

/// <param name="CommitmentId">The reclamation commitment deducted for, when the deduction cites one by id.</param>
/// <param name="Debt">
/// The part of <paramref name="Amount"/> that neither the county nor its prefecture had: recorded as the county's debt
/// (<see cref="Deduction.ImposeForCommitment"/>), which its later storage approvals pay off. None on a hand deduction.
/// </param>
public sealed record DeductionImposed(
    Guid DeductionId, string County, string Prefecture, QuotaKind Kind, Measures Amount, string CommitmentReference,
    IReadOnlyList<DeductedShare> Shares, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? CommitmentId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Measures? Debt = null) : IEventOf<Deduction>;

public sealed record DeductionReversed(Guid DeductionId, string County, string Prefecture, string Reason) : IEventOf<Deduction>;

/// <summary>
/// 扣减 (R8): reclamation promised by a date was not finished, so the county's replenishment quota is deducted by the
/// promised amount; what the county lacks falls to its prefecture.
/// </summary>
/// <param name="Debt">What the county still owes of <paramref name="Amount"/> after county and prefecture were drawn on.</param>
public sealed record Deduction(
    Guid Id,
    [RegionCode] string County,
    [RegionCode] string Prefecture,
    QuotaKind Kind,
    Measures Amount,
    string CommitmentReference,
    IReadOnlyList<DeductedShare> Shares,
    DeductionStatus Status,
    string Reason,
    Guid? CommitmentId = null,
    Measures? Debt = null) : IAggregate<Deduction>, ILotOperation
{
    public static string StreamType => "deduction";

    public IReadOnlyCollection<string> Parties => [County, Prefecture];

    public IReadOnlyCollection<Guid> LotIds => Shares.Select(s => s.LotId).ToArray();

    public static Deduction? Evolve(Deduction? state, IDomainEvent @event) => @event switch
    {
        DeductionImposed e => new Deduction(e.DeductionId, e.County, e.Prefecture, e.Kind, e.Amount, e.CommitmentReference,
            e.Shares, DeductionStatus.Imposed, e.Reason, e.CommitmentId, e.Debt),
        DeductionReversed e => state! with { Status = DeductionStatus.Reversed, Reason = e.Reason },
        _ => state,
    };

    /// <summary>
    /// A deduction by hand: the whole amount from the county and its prefecture, or nothing (<c>insufficient-quota</c>):
    /// the centre decides again on what to deduct when both are short.
    /// </summary>
    public static (DeductionImposed Imposed, IReadOnlyList<LotQuotaDeducted> Deducted) Impose(
        Guid deductionId, string county, string prefecture, QuotaKind kind, Measures amount, string commitmentReference,
        IReadOnlyList<Lot> countyLots, IReadOnlyList<Lot> prefectureLots, string reason, Guid? commitmentId = null)
    {
        RequireDeductible(county, prefecture, kind, amount, countyLots, prefectureLots);
        var fromCounty = Measures.Min(amount, Measures.Sum(countyLots.Select(l => l.Available)));
        var shares = ShareOut(county, prefecture, fromCounty, amount - fromCounty, countyLots, prefectureLots);
        return (new DeductionImposed(deductionId, county, prefecture, kind, amount, commitmentReference, shares, reason, commitmentId),
            Deduct(deductionId, shares, countyLots, prefectureLots));
    }

    /// <summary>
    /// R8 run by the timed job when a reclamation commitment is overdue: the committed replenishment amount from the
    /// county's available quota, what it lacks from its prefecture's, and what the prefecture lacks too is the county's
    /// debt (<see cref="DeductionImposed.Debt"/>), never a refusal: the promise was broken whatever the balances are.
    /// </summary>
    public static (DeductionImposed Imposed, IReadOnlyList<LotQuotaDeducted> Deducted) ImposeForCommitment(
        Guid deductionId, Guid commitmentId, string county, string prefecture, Measures amount,
        IReadOnlyList<Lot> countyLots, IReadOnlyList<Lot> prefectureLots, string reason)
    {
        const QuotaKind kind = QuotaKind.Replenishment;
        RequireDeductible(county, prefecture, kind, amount, countyLots, prefectureLots);
        var fromCounty = Measures.Min(amount, Measures.Sum(countyLots.Select(l => l.Available)));
        var fromPrefecture = Measures.Min(amount - fromCounty, Measures.Sum(prefectureLots.Select(l => l.Available)));
        var debt = amount - fromCounty - fromPrefecture;
        var shares = ShareOut(county, prefecture, fromCounty, fromPrefecture, countyLots, prefectureLots);
        return (new DeductionImposed(deductionId, county, prefecture, kind, amount, $"reclamation commitment {commitmentId}", shares, reason,
                commitmentId, debt.IsZero ? null : debt),
            Deduct(deductionId, shares, countyLots, prefectureLots));
    }

    private static void RequireDeductible(string county, string prefecture, QuotaKind kind, Measures amount,
        IReadOnlyList<Lot> countyLots, IReadOnlyList<Lot> prefectureLots)
    {
        Quantities.RequireMovable(kind, amount, "deduction");
        if ((countyLots.FirstOrDefault(l => l.Holder != county || l.Kind != kind)
             ?? prefectureLots.FirstOrDefault(l => l.Holder != prefecture || l.Kind != kind)) is { } foreign)
            throw new RuleViolationException(Rule.KindMismatch,
                $"Lot {foreign.Id} is {Spelling.Of(foreign.Kind)} quota of {foreign.Holder}, not {Spelling.Of(kind)} quota of {county} or {prefecture}.");
    }

    /// <summary>The county's own quota first, then what moved in; the prefecture's lots in the order given.</summary>
    private static List<DeductedShare> ShareOut(string county, string prefecture, Measures fromCounty, Measures fromPrefecture,
        IReadOnlyList<Lot> countyLots, IReadOnlyList<Lot> prefectureLots)
    {
        var shares = new List<DeductedShare>();
        if (!fromCounty.IsZero)
            shares.AddRange(Allocation.Allocate(Allocation.OwnQuotaFirst(countyLots, county), fromCounty, county)
                .Select(s => new DeductedShare(s.LotId, county, s.Amount)));
        if (!fromPrefecture.IsZero)
            shares.AddRange(Allocation.Allocate(prefectureLots, fromPrefecture, $"{county}'s prefecture {prefecture}")
                .Select(s => new DeductedShare(s.LotId, prefecture, s.Amount)));
        return shares;
    }

    private static LotQuotaDeducted[] Deduct(Guid deductionId, IEnumerable<DeductedShare> shares, IReadOnlyList<Lot> countyLots,
        IReadOnlyList<Lot> prefectureLots)
    {
        var lots = countyLots.Concat(prefectureLots).ToDictionary(l => l.Id);
        return shares.Select(s => lots[s.LotId].Deduct(deductionId, s.Amount)).ToArray();
    }

    public (DeductionReversed Reversed, IReadOnlyList<LotDeductionReversed> LotEvents) Reverse(IReadOnlyDictionary<Guid, Lot> lots, string reason)
    {
        if (Status != DeductionStatus.Imposed)
            throw new RuleViolationException(Rule.InvalidState, $"Deduction {Id} was already reversed.");
        // Giving the lots back would leave the debt, and what later approvals repaid of it, standing.
        if (Debt is { } debt)
            throw new RuleViolationException(Rule.InvalidState, $"Deduction {Id} left {County} a debt of {debt}; it cannot be reversed.");
        return (new DeductionReversed(Id, County, Prefecture, reason), Shares.Select(s => lots[s.LotId].ReverseDeduction(Id)).ToArray());
    }
}
