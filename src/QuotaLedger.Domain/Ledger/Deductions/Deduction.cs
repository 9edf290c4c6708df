using System.Text.Json.Serialization;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Ledger.Deductions;

public enum DeductionStatus
{
    Imposed,
    Reversed,
}

/// <summary>One lot's part of a deduction, with the holder it fell on (the county, or its prefecture for the shortfall).</summary>
public sealed record DeductedShare(Guid LotId, string Holder, Measures Amount);

/// <param name="CommitmentId">The reclamation commitment deducted for, when the deduction cites one by id.</param>
public sealed record DeductionImposed(
    Guid DeductionId, string County, string Prefecture, QuotaKind Kind, Measures Amount, string CommitmentReference,
    IReadOnlyList<DeductedShare> Shares, string Reason, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? CommitmentId = null) : IEventOf<Deduction>;

public sealed record DeductionReversed(Guid DeductionId, string County, string Prefecture, string Reason) : IEventOf<Deduction>;

/// <summary>
/// 扣减 (R8): reclamation promised by a date was not finished, so the county's replenishment quota is deducted by the
/// promised amount; what the county lacks falls to its prefecture.
/// </summary>
public sealed record Deduction(
    Guid Id,
    string County,
    string Prefecture,
    QuotaKind Kind,
    Measures Amount,
    string CommitmentReference,
    IReadOnlyList<DeductedShare> Shares,
    DeductionStatus Status,
    string Reason) : IAggregate<Deduction>, ILotOperation
{
    public static string StreamType => "deduction";

    public IReadOnlyCollection<string> Parties => [County, Prefecture];

    public IReadOnlyCollection<Guid> LotIds => Shares.Select(s => s.LotId).ToArray();

    public static Deduction? Evolve(Deduction? state, IDomainEvent @event) => @event switch
    {
        DeductionImposed e => new Deduction(e.DeductionId, e.County, e.Prefecture, e.Kind, e.Amount, e.CommitmentReference,
            e.Shares, DeductionStatus.Imposed, e.Reason),
        DeductionReversed e => state! with { Status = DeductionStatus.Reversed, Reason = e.Reason },
        _ => state,
    };

    public static (DeductionImposed Imposed, IReadOnlyList<LotQuotaDeducted> Deducted) Impose(
        Guid deductionId, string county, string prefecture, QuotaKind kind, Measures amount, string commitmentReference,
        IReadOnlyList<Lot> countyLots, IReadOnlyList<Lot> prefectureLots, string reason)
    {
        Quantities.RequireMovable(kind, amount, "deduction");
        if ((countyLots.FirstOrDefault(l => l.Holder != county || l.Kind != kind)
             ?? prefectureLots.FirstOrDefault(l => l.Holder != prefecture || l.Kind != kind)) is { } foreign)
            throw new RuleViolationException(Rule.KindMismatch,
                $"Lot {foreign.Id} is {Spelling.Of(foreign.Kind)} quota of {foreign.Holder}, not {Spelling.Of(kind)} quota of {county} or {prefecture}.");
        var fromCounty = Measures.Min(amount, Measures.Sum(countyLots.Select(l => l.Available)));
        var shortfall = amount - fromCounty;
        var shares = new List<DeductedShare>();
        if (!fromCounty.IsZero)
            shares.AddRange(Allocation.Allocate(Allocation.OwnQuotaFirst(countyLots, county), fromCounty, county)
                .Select(s => new DeductedShare(s.LotId, county, s.Amount)));
        if (!shortfall.IsZero)
            shares.AddRange(Allocation.Allocate(prefectureLots, shortfall, $"{county}'s prefecture {prefecture}")
                .Select(s => new DeductedShare(s.LotId, prefecture, s.Amount)));
        var lots = countyLots.Concat(prefectureLots).ToDictionary(l => l.Id);
        var deducted = shares.Select(s => lots[s.LotId].Deduct(deductionId, s.Amount)).ToArray();
        return (new DeductionImposed(deductionId, county, prefecture, kind, amount, commitmentReference, shares, reason), deducted);
    }

    public (DeductionReversed Reversed, IReadOnlyList<LotDeductionReversed> LotEvents) Reverse(IReadOnlyDictionary<Guid, Lot> lots, string reason)
    {
        if (Status != DeductionStatus.Imposed)
            throw new RuleViolationException(Rule.InvalidState, $"Deduction {Id} was already reversed.");
        return (new DeductionReversed(Id, County, Prefecture, reason), Shares.Select(s => lots[s.LotId].ReverseDeduction(Id)).ToArray());
    }
}
