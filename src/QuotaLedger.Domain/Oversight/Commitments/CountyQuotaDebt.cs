using System.Collections.Immutable;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Oversight.Commitments;

/// <summary>What a deduction for a commitment could not take from the county or its prefecture.</summary>
public sealed record QuotaDebtIncurred(string County, Guid DeductionId, Guid CommitmentId, DateOnly DueOn, Measures Amount)
    : IEventOf<CountyQuotaDebt>;

/// <summary>Part of the debt of <paramref name="DeductionId"/>, deducted from the lot a storage approval issued.</summary>
public sealed record QuotaDebtRepaid(string County, Guid DeductionId, Guid LotId, Guid ApplicationId, Measures Amount)
    : IEventOf<CountyQuotaDebt>;

/// <summary>One deduction's debt: what it left, and what of that is still owed.</summary>
public sealed record QuotaDebt(Guid DeductionId, Guid CommitmentId, DateOnly DueOn, Measures Incurred, Measures Outstanding);

/// <summary>
/// R8: the replenishment quota a county owes because neither it nor its prefecture held what a broken reclamation
/// commitment deducted. One stream per county (id derived from its code), so that repayments are decided under one
/// lock and go to the oldest debt first. The county's later storage approvals pay it off: the new lot is deducted by
/// what is owed, measure by measure, up to the lot's measures.
/// </summary>
public sealed record CountyQuotaDebt([RegionCode] string County, ImmutableList<QuotaDebt> Debts) : IAggregate<CountyQuotaDebt>
{
    public static string StreamType => "county_quota_debt";

    public IReadOnlyCollection<string> Parties => [County];

    public static Guid StreamIdOf(string county) => StreamIds.Derived("county-quota-debt", county);

    /// <summary>All that is still owed, per measure.</summary>
    public Measures Outstanding => Measures.Sum(Debts.Select(d => d.Outstanding));

    public static CountyQuotaDebt? Evolve(CountyQuotaDebt? state, IDomainEvent @event) => @event switch
    {
        QuotaDebtIncurred e => (state ?? new CountyQuotaDebt(e.County, ImmutableList<QuotaDebt>.Empty)) with
        {
            Debts = (state?.Debts ?? ImmutableList<QuotaDebt>.Empty).Add(new QuotaDebt(e.DeductionId, e.CommitmentId, e.DueOn, e.Amount, e.Amount)),
        },
        QuotaDebtRepaid e => state! with
        {
            Debts = state.Debts.Select(d => d.DeductionId == e.DeductionId ? d with { Outstanding = d.Outstanding - e.Amount } : d).ToImmutableList(),
        },
        _ => state,
    };

    public static QuotaDebtIncurred Incur(string county, Guid deductionId, Guid commitmentId, DateOnly dueOn, Measures amount)
    {
        if (amount.IsZero || amount.AnyNegative)
            throw new RuleViolationException(Rule.InvalidAmount, "A debt must be positive in at least one measure and negative in none.");
        return new(county, deductionId, commitmentId, dueOn, amount);
    }

    /// <summary>
    /// Pays off what it can from a lot just issued to the county: the oldest debt first, measure by measure (a lot
    /// without paddy area leaves the paddy debt standing and still pays area), up to the lot's available measures. Each
    /// part is a repayment here and a deduction on the lot under the original deduction's id, so that the lot's
    /// <c>deducted</c> bucket says which deduction took it. A lot of another county or kind pays nothing.
    /// </summary>
    public (IReadOnlyList<QuotaDebtRepaid> Repaid, IReadOnlyList<LotQuotaDeducted> Deducted) RepayFrom(Lot lot, Guid applicationId)
    {
        if (lot.Holder != County || lot.Kind != QuotaKind.Replenishment) return ([], []);
        var repaid = new List<QuotaDebtRepaid>();
        var deducted = new List<LotQuotaDeducted>();
        var left = lot.Available;
        foreach (var debt in Debts)
        {
            var part = Measures.Min(debt.Outstanding, left);
            if (part.IsZero) continue;
            repaid.Add(new QuotaDebtRepaid(County, debt.DeductionId, lot.Id, applicationId, part));
            deducted.Add(lot.Deduct(debt.DeductionId, part));
            left -= part;
        }
        return (repaid, deducted);
    }
}
