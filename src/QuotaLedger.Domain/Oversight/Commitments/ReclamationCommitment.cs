using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Oversight.Commitments;

/// <summary>What a county used ahead of reclamation (F-2023 §十一).</summary>
public enum ReclamationSource
{
    /// <summary>工矿废弃地复垦: mine-wasteland reclamation.</summary>
    MineWasteland,
    /// <summary>增减挂钩: linkage of rural construction land that is still to be demolished and reclaimed.</summary>
    Linkage,
}

public enum CommitmentStatus
{
    /// <summary>Not yet fulfilled in time; deducted once its due date has passed.</summary>
    Pending,
    /// <summary>Reclamation was accepted on or before the due date: nothing is deducted.</summary>
    Fulfilled,
    /// <summary>The due date passed unfulfilled and the committed amount was deducted (by the job or by hand).</summary>
    Defaulted,
}

/// <summary>The acceptance of the promised reclamation; <paramref name="Late"/> when accepted after the due date or recorded after the deduction.</summary>
public sealed record CommitmentFulfilment(Measures Verified, DateOnly AcceptedOn, bool Late);

/// <summary>How a default was settled: the deduction, what it took from lots and what it left as the county's debt.</summary>
public sealed record CommitmentDeduction(Guid DeductionId, Measures Deducted, Measures Debt);

/// <param name="Amount">The replenishment measures the county promises to make up: what is deducted if it does not.</param>
/// <param name="LinkId">The ledger's link (<see cref="QuotaLink"/>) used ahead of reclamation, when it was one.</param>
/// <param name="ConsumptionReference">Otherwise the consumption it backs (a land-use approval, say).</param>
public sealed record ReclamationCommitmentRecorded(
    Guid CommitmentId, string County, string Prefecture, ReclamationSource Source, Measures Amount, DateOnly DueOn,
    Guid? LinkId, string? ConsumptionReference, string Reason) : IEventOf<ReclamationCommitment>;

public sealed record ReclamationCommitmentFulfilled(
    Guid CommitmentId, string County, Measures Verified, DateOnly AcceptedOn, bool Late, string Reason) : IEventOf<ReclamationCommitment>;

/// <summary>The due date passed unfulfilled: the deduction it cites took <paramref name="Deducted"/> from lots and left <paramref name="Debt"/>.</summary>
public sealed record ReclamationCommitmentDefaulted(
    Guid CommitmentId, string County, DateOnly DueOn, Guid DeductionId, Measures Deducted, Measures Debt, string Reason)
    : IEventOf<ReclamationCommitment>;

/// <summary>
/// 承诺 (R8): a county used mine-wasteland reclamation or linkage quota before the reclamation was done, and promised
/// to finish it by a date. Fulfilled in time, it is closed; otherwise, once the date has passed, the promised amount is
/// deducted from the county's replenishment quota, its prefecture's, and what both lack becomes the county's debt
/// (<see cref="CountyQuotaDebt"/>). Deducted exactly once: by the timed job, or by the centre by hand citing it.
/// </summary>
public sealed record ReclamationCommitment(
    Guid Id,
    [RegionCode] string County,
    [RegionCode] string Prefecture,
    ReclamationSource Source,
    Measures Amount,
    DateOnly DueOn,
    Guid? LinkId,
    string? ConsumptionReference,
    CommitmentStatus Status,
    CommitmentFulfilment? Fulfilment,
    CommitmentDeduction? Deduction,
    string Reason) : IAggregate<ReclamationCommitment>
{
    public static string StreamType => "reclamation_commitment";

    public IReadOnlyCollection<string> Parties => [County];

    public static ReclamationCommitment? Evolve(ReclamationCommitment? state, IDomainEvent @event) => @event switch
    {
        ReclamationCommitmentRecorded e => new ReclamationCommitment(e.CommitmentId, e.County, e.Prefecture, e.Source, e.Amount, e.DueOn,
            e.LinkId, e.ConsumptionReference, CommitmentStatus.Pending, null, null, e.Reason),
        ReclamationCommitmentFulfilled e => state! with
        {
            Fulfilment = new CommitmentFulfilment(e.Verified, e.AcceptedOn, e.Late),
            Status = e.Late ? state.Status : CommitmentStatus.Fulfilled,
        },
        ReclamationCommitmentDefaulted e => state! with
        {
            Status = CommitmentStatus.Defaulted, Deduction = new CommitmentDeduction(e.DeductionId, e.Deducted, e.Debt),
        },
        _ => state,
    };

    /// <summary>Whether the timed job deducts it on <paramref name="today"/>: still pending, and its due date is past.</summary>
    public bool IsOverdueOn(DateOnly today) => Status == CommitmentStatus.Pending && DueOn < today;

    /// <summary>
    /// Records the promise. It backs either a link of the county's (<paramref name="link"/>, the one
    /// <paramref name="linkId"/> names, null when there is none) or a consumption by reference. A county records it
    /// due on a day not yet past; the centre may also enter one made before the ledger had commitments
    /// (<paramref name="byCentre"/>), already overdue, which the timed job then deducts at its next look.
    /// </summary>
    public static ReclamationCommitmentRecorded Record(
        Guid id, string county, string prefecture, ReclamationSource source, Measures amount, DateOnly dueOn,
        Guid? linkId, QuotaLink? link, string? consumptionReference, DateOnly today, bool byCentre, string reason)
    {
        Quantities.RequireMovable(QuotaKind.Replenishment, amount, "commitment");
        if (linkId is { } named && (link is null || link.Id != named || link.County != county))
            throw new RuleViolationException(Rule.CommitmentMismatch, $"{county} has no link {named}.");
        if (linkId is null == string.IsNullOrEmpty(consumptionReference))
            throw new RuleViolationException(Rule.CommitmentMismatch, "A commitment backs either a link or a consumption reference.");
        if (dueOn < today && !byCentre)
            throw new RuleViolationException(Rule.CommitmentDates,
                $"A county cannot record a commitment due on {dueOn:yyyy-MM-dd}, a day already past; the centre enters commitments already overdue.");
        return new(id, county, prefecture, source, amount, dueOn, linkId, consumptionReference, reason);
    }

    /// <summary>
    /// Records the acceptance of the reclamation, verifying at least the committed measures. Accepted on or before the
    /// due date (and before any deduction) it closes the commitment; later, it is recorded as late and changes nothing:
    /// the job still deducts a pending one, and a deduction made is undone only by its reversal (R11).
    /// </summary>
    public ReclamationCommitmentFulfilled Fulfil(Measures verified, DateOnly acceptedOn, DateOnly today, string reason)
    {
        if (Fulfilment is not null)
            throw new RuleViolationException(Rule.CommitmentSettled, $"Commitment {Id}'s fulfilment was recorded already.");
        if (acceptedOn > today)
            throw new RuleViolationException(Rule.CommitmentDates, $"Reclamation cannot be accepted on {acceptedOn:yyyy-MM-dd}, a day still to come.");
        if (!Amount.FitsWithin(verified))
            throw new RuleViolationException(Rule.CommitmentShort, $"Commitment {Id} promised {Amount}; the acceptance verified {verified}.");
        var late = acceptedOn > DueOn || Status == CommitmentStatus.Defaulted;
        return new(Id, County, verified, acceptedOn, late, reason);
    }

    /// <summary>The due date has passed unfulfilled: records the deduction that settles it, once.</summary>
    public ReclamationCommitmentDefaulted Default(Guid deductionId, Measures deducted, Measures debt, DateOnly today, string reason)
    {
        RequireDeductible(today);
        return new(Id, County, DueOn, deductionId, deducted, debt, reason);
    }

    /// <summary>
    /// A deduction made by hand cites the commitment: it settles it as the job would have (the job then finds nothing to
    /// do), for the county it names and of replenishment quota (R8), once the due date has passed. What the centre
    /// deducted may differ from what was committed; a hand deduction leaves no debt (it is refused when both the county
    /// and its prefecture are short).
    /// </summary>
    public ReclamationCommitmentDefaulted SettleByHand(Guid deductionId, string county, QuotaKind kind, Measures deducted, DateOnly today, string reason)
    {
        if (county != County || kind != QuotaKind.Replenishment)
            throw new RuleViolationException(Rule.CommitmentMismatch,
                $"Commitment {Id} is {County}'s, deducted from replenishment quota; not {Spelling.Of(kind)} quota of {county}.");
        return Default(deductionId, deducted, Measures.Zero, today, reason);
    }

    /// <summary>Still pending and overdue on <paramref name="today"/>, or refused: a commitment is deducted once, and not before it is due.</summary>
    public void RequireDeductible(DateOnly today)
    {
        if (Status != CommitmentStatus.Pending)
            throw new RuleViolationException(Rule.CommitmentSettled, Status == CommitmentStatus.Fulfilled
                ? $"Commitment {Id} was fulfilled in time."
                : $"Commitment {Id} was deducted already (deduction {Deduction!.DeductionId}).");
        if (DueOn >= today)
            throw new RuleViolationException(Rule.CommitmentNotDue, $"Commitment {Id} is due on {DueOn:yyyy-MM-dd}; it is deducted only after that day.");
    }
}
