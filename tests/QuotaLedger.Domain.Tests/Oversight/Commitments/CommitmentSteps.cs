using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Support.Examples;

namespace QuotaLedger.Domain.Tests.Oversight.Commitments;

/// <summary>The commitment decisions combined the way the handlers combine them, for the tests and the properties.</summary>
public static class CommitmentSteps
{
    public static readonly Guid CommitmentId = Id("commitment");
    public static readonly DateOnly DueOn = new(2026, 6, 30);
    public static readonly DateOnly DayAfter = DueOn.AddDays(1);
    public const string Overdue = "R8: reclamation not accepted by its due date";

    public static ReclamationCommitmentRecorded Committed(Measures amount, Guid? id = null, DateOnly? dueOn = null, string county = Xincheng) =>
        new(id ?? CommitmentId, county, Hohhot, ReclamationSource.MineWasteland, amount, dueOn ?? DueOn, null, "HH-2026-017 land-use approval", "mine land used first");

    /// <summary>What <c>DeductOverdueCommitment</c> decides: the deduction, the lots' parts, the default, and the debt if any.</summary>
    public static object DeductOverdue(History h, Guid deductionId, Guid? commitmentId = null, DateOnly? today = null)
    {
        var commitment = h.Get<ReclamationCommitment>(commitmentId ?? CommitmentId);
        var on = today ?? DayAfter;
        commitment.RequireDeductible(on);
        var (imposed, deducted) = Deduction.ImposeForCommitment(deductionId, commitment.Id, commitment.County, commitment.Prefecture,
            commitment.Amount, h.LotsOf(commitment.County), h.LotsOf(commitment.Prefecture), Overdue);
        var debt = imposed.Debt ?? Measures.Zero;
        return (imposed, deducted, commitment.Default(deductionId, commitment.Amount - debt, debt, on, Overdue),
            debt.IsZero ? null : CountyQuotaDebt.Incur(commitment.County, deductionId, commitment.Id, commitment.DueOn, debt));
    }

    /// <summary>What <c>ApproveStorageApplication</c> decides for the lot it issues to a county that may owe quota.</summary>
    public static object ApproveStorage(History h, Guid lotId, string county, Measures amount, QuotaKind kind = QuotaKind.Replenishment)
    {
        var issued = Issued(lotId, county, amount, kind);
        return h.Find<CountyQuotaDebt>(CountyQuotaDebt.StreamIdOf(county)) is { } debt
            ? (issued, debt.RepayFrom(Lot.Evolve(null, issued)!, StorageApplicationId))
            : issued;
    }
}
