using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Oversight.Commitments.CommitmentSteps;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Oversight.Commitments;

/// <summary>
/// Whatever the county's and its prefecture's balances (none, short in some measures, enough) and whatever the later
/// approvals issue: an overdue commitment's deduction takes what the lots have and owes the rest, so deducted + debt is
/// what was committed, no bucket and no debt is ever negative, repayments never exceed the debt, and for every measure
/// issued = held + consumed + deducted + sold (domain.md §5).
/// </summary>
public class CommitmentPropertiesTests
{
    /// <summary>A county's and its prefecture's lots, one or two commitments overdue, and the approvals that follow.</summary>
    public sealed record Case(Measures[] CountyLots, Measures[] PrefectureLots, Measures[] Committed, Measures[] LaterLots)
    {
        public override string ToString() =>
            $"county {string.Join("; ", CountyLots)} | prefecture {string.Join("; ", PrefectureLots)} | committed {string.Join("; ", Committed)} | later {string.Join("; ", LaterLots)}";
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Cases)])]
    public void Deducted_plus_debt_is_what_was_committed_and_the_ledger_balances(Case c)
    {
        var history = Play(c);

        foreach (var commitment in history.All<ReclamationCommitment>())
        {
            var settled = commitment.Deduction!;
            Assert.Equal(commitment.Amount, settled.Deducted + settled.Debt);
            Assert.False(settled.Deducted.AnyNegative || settled.Debt.AnyNegative, $"{commitment.Id}: {settled}");
        }
        var committed = Measures.Sum(c.Committed);
        var debt = history.Find<CountyQuotaDebt>(CountyQuotaDebt.StreamIdOf(Xincheng));
        var outstanding = debt?.Outstanding ?? Measures.Zero;
        Assert.All(debt?.Debts ?? [], d => Assert.False(d.Outstanding.AnyNegative || !d.Outstanding.FitsWithin(d.Incurred), $"{d}"));
        var repaid = Measures.Sum(history.Journal.OfType<QuotaDebtRepaid>().Select(r => r.Amount));
        Assert.Equal(Measures.Sum(history.Journal.OfType<QuotaDebtIncurred>().Select(r => r.Amount)), outstanding + repaid);

        var lots = history.All<Lot>();
        foreach (var lot in lots)
        {
            Assert.False(lot.Buckets.Values.Any(b => b.AnyNegative), $"lot {lot.Id}: {string.Join(", ", lot.Buckets)}");
            Assert.Equal(lot[Bucket.Issued], lot.Available + lot[Bucket.Frozen] + lot[Bucket.Reserved] + lot[Bucket.Consumed] + lot[Bucket.Deducted] + lot[Bucket.Sold]);
        }
        var issued = Measures.Sum(history.Journal.OfType<LotIssued>().Select(e => e.Amount));
        Assert.Equal(issued, Measures.Sum(lots.Select(l => l.Available + l[Bucket.Frozen] + l[Bucket.Reserved] + l[Bucket.Consumed] + l[Bucket.Deducted] + l[Bucket.Sold])));
        // All that was committed is on lots as deducted, or still owed.
        Assert.Equal(committed, Measures.Sum(lots.Select(l => l[Bucket.Deducted])) + outstanding);
        // A debt is only left when the lots had nothing more of that measure.
        foreach (var lot in lots.Where(l => l.Holder is Xincheng or Hohhot))
        {
            if (!outstanding.IsZero) Assert.True(Measures.Min(outstanding, lot.Available).IsZero, $"{outstanding} owed while lot {lot.Id} has {lot.Available}");
        }
    }

    /// <summary>Guards against a vacuous pass: the cases reach a debt, a fallback to the prefecture, and partial and whole repayments.</summary>
    [Fact]
    public void The_generated_cases_reach_debts_fallbacks_and_repayments()
    {
        var histories = Cases.Generator.Sample(300, new Rnd(20261202), 100).Select(Play).ToList();
        Assert.Contains(histories, h => h.Journal.OfType<QuotaDebtIncurred>().Any());
        Assert.Contains(histories, h => h.Journal.OfType<LotQuotaDeducted>().Any(d => d.Holder == Hohhot));
        Assert.Contains(histories, h => h.Journal.OfType<QuotaDebtRepaid>().Any() && !h.The<CountyQuotaDebt>().Outstanding.IsZero);
        Assert.Contains(histories, h => h.Journal.OfType<QuotaDebtRepaid>().Any() && h.The<CountyQuotaDebt>().Outstanding.IsZero);
        Assert.Contains(histories, h => !h.Journal.OfType<QuotaDebtIncurred>().Any());
    }

    private static History Play(Case c)
    {
        var history = Given(
            c.CountyLots.Select((m, i) => Issued(Id($"county lot {i}"), Xincheng, m)).Cast<object>()
                .Concat(c.PrefectureLots.Select((m, i) => Issued(Id($"prefecture lot {i}"), Hohhot, m)))
                .Concat(c.Committed.Select((m, i) => Committed(m, Id($"commitment {i}"))))
                .ToArray());
        for (var i = 0; i < c.Committed.Length; i++)
        {
            var n = i;
            history = history.And(h => DeductOverdue(h, Id($"deduction {n}"), Id($"commitment {n}")));
        }
        for (var i = 0; i < c.LaterLots.Length; i++)
        {
            var n = i;
            history = history.And(h => ApproveStorage(h, Id($"later lot {n}"), Xincheng, c.LaterLots[n]));
        }
        return history;
    }

    public static class Cases
    {
        /// <summary>Measures kept to their places (R1), often 0 in a measure, so that some measures are short and others are not.</summary>
        private static readonly Gen<decimal> Area =
            Gen.Frequency((1, Gen.Constant(0m)), (3, Gen.Choose(1, 80_000).Select(n => n / 10_000m)), (1, Gen.Choose(1, 20).Select(n => (decimal)n)));

        private static readonly Gen<decimal> Grain = Gen.Frequency((1, Gen.Constant(0m)), (3, Gen.Choose(1, 200_000).Select(n => n / 100m)));

        private static readonly Gen<Measures> Amount =
            (from area in Area from grain in Grain from paddy in Area select new Measures(area, grain, paddy)).Where(m => !m.IsZero);

        private static Gen<Measures[]> Upto(int n) => Gen.Choose(0, n).SelectMany(k => Gen.ArrayOf(Amount, k));

        public static readonly Gen<Case> Generator =
            from county in Upto(3) from prefecture in Upto(2) from committed in Gen.Choose(1, 2).SelectMany(k => Gen.ArrayOf(Amount, k))
            from later in Upto(3)
            select new Case(county, prefecture, committed, later);

        public static Arbitrary<Case> Arbitrary() => Arb.From(Generator);
    }
}
