using System.Text.Json.Serialization;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Ledger.Transfers;

public enum TransferStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

/// <summary>The lot a receiving holder got for one share of a transfer.</summary>
public sealed record ReceivedShare(Guid FromLotId, Guid NewLotId, Measures Amount);

/// <summary>
/// R6 (balance first at home): when a transfer across prefectures was proposed, the receiving prefecture and its counties
/// together held this much available quota of the kind, enough for the amount. A flag for the approver, not a refusal.
/// </summary>
public sealed record HomeBalanceFlag([RegionCode] string Prefecture, Measures AvailableAtHome)
{
    /// <summary>
    /// The prefecture whose home balance a transfer is held against: the receiving prefecture when the quota comes from
    /// outside it (a county or prefecture of another prefecture, or the region's pool, which R6 puts last); none for a
    /// transfer inside one prefecture or into the region's pool.
    /// </summary>
    public static string? HomeOf(string from, string to, RegionCatalog regions) =>
        regions.PrefectureOf(to) is { } home && regions.PrefectureOf(from) != home ? home : null;

    /// <summary>Flags the transfer when the prefecture's holders together have the amount available, in every measure.</summary>
    public static HomeBalanceFlag? For(string prefecture, Measures amount, Measures availableAtHome) =>
        amount.FitsWithin(availableAtHome) ? new HomeBalanceFlag(prefecture, availableAtHome) : null;
}

/// <param name="HomeBalance">Set when the receiving prefecture could have balanced the amount at home (R6).</param>
public sealed record TransferProposed(
    Guid TransferId, string From, string To, QuotaKind Kind, Measures Amount, IReadOnlyList<LotShare> Shares,
    string ProposedBy, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HomeBalanceFlag? HomeBalance = null) : IEventOf<Transfer>;

public sealed record TransferApproved(Guid TransferId, string From, string To, string ApprovedBy, IReadOnlyList<ReceivedShare> Received)
    : IEventOf<Transfer>;

public sealed record TransferRejected(Guid TransferId, string From, string To, string Reason) : IEventOf<Transfer>;

public sealed record TransferWithdrawn(Guid TransferId, string From, string To, string Reason) : IEventOf<Transfer>;

/// <summary>
/// 调剂 and 统筹: a move of quota from one holder to another, pooling into the region account and allocating out of it
/// included. The quota is reserved on proposal and moves on approval.
/// </summary>
public sealed record Transfer(
    Guid Id,
    [RegionCode] string From,
    [RegionCode] string To,
    QuotaKind Kind,
    Measures Amount,
    IReadOnlyList<LotShare> Shares,
    string ProposedBy,
    TransferStatus Status,
    string? DecidedBy,
    string? Reason,
    IReadOnlyList<ReceivedShare> Received,
    HomeBalanceFlag? HomeBalance = null) : IAggregate<Transfer>, ILotOperation
{
    public static string StreamType => "transfer";

    public IReadOnlyCollection<string> Parties => [From, To];

    public static Transfer? Evolve(Transfer? state, IDomainEvent @event) => @event switch
    {
        TransferProposed e => new Transfer(e.TransferId, e.From, e.To, e.Kind, e.Amount, e.Shares, e.ProposedBy,
            TransferStatus.Pending, null, null, [], e.HomeBalance),
        TransferApproved e => state! with { Status = TransferStatus.Approved, DecidedBy = e.ApprovedBy, Received = e.Received },
        TransferRejected e => state! with { Status = TransferStatus.Rejected, Reason = e.Reason },
        TransferWithdrawn e => state! with { Status = TransferStatus.Withdrawn, Reason = e.Reason },
        _ => state,
    };

    /// <summary>
    /// Reserves the amount on the sender's lots, in the order given, until the transfer is decided. A transfer the
    /// receiving prefecture could have balanced at home carries the flag for its approver (R6); it is not refused.
    /// </summary>
    public static (TransferProposed Proposed, IReadOnlyList<LotQuotaReserved> Reserved) Propose(
        Guid transferId, string from, string to, QuotaKind kind, Measures amount, IReadOnlyList<Lot> fromLots, Actor proposer,
        HomeBalanceFlag? homeBalance = null)
    {
        if (from == to) throw new RuleViolationException(Rule.InvalidHolder, "A transfer needs two different holders.");
        Quantities.RequireMovable(kind, amount, "transfer");
        if (fromLots.FirstOrDefault(l => l.Holder != from || l.Kind != kind) is { } foreign)
            throw new RuleViolationException(Rule.KindMismatch, $"Lot {foreign.Id} is {Spelling.Of(foreign.Kind)} quota of {foreign.Holder}, not {Spelling.Of(kind)} quota of {from}.");
        var shares = Allocation.Allocate(fromLots, amount, from);
        var byId = fromLots.ToDictionary(l => l.Id);
        var reserved = shares.Select(s => byId[s.LotId].Reserve(transferId, s.Amount)).ToArray();
        return (new TransferProposed(transferId, from, to, kind, amount, shares, proposer.UserId, homeBalance), reserved);
    }

    /// <summary>
    /// A transfer its proposer may decide (the centre; a prefecture between two of its own counties), in one decision:
    /// exactly the events of <see cref="Propose"/> and then <see cref="Approve"/>. Out of the region account four eyes
    /// still apply, so there the proposer's own approval is refused and the move takes the two steps.
    /// </summary>
    public static (TransferProposed Proposed, TransferApproved Approved, IReadOnlyList<LotEvent> LotEvents) ProposeAndApprove(
        Guid transferId, string from, string to, QuotaKind kind, Measures amount, IReadOnlyList<Lot> fromLots, Actor actor,
        Func<Guid> newLotId, HomeBalanceFlag? homeBalance = null)
    {
        var (proposed, reserved) = Propose(transferId, from, to, kind, amount, fromLots, actor, homeBalance);
        var lots = fromLots.ToDictionary(l => l.Id);
        foreach (var e in reserved) lots[e.LotId] = Lot.Evolve(lots[e.LotId], e)!;
        var (approved, moved) = Evolve(null, proposed)!.Approve(actor, lots, newLotId);
        return (proposed, approved, [.. reserved, .. moved]);
    }

    /// <summary>Moves each reserved share into a new lot of the receiver that keeps the parent's provenance.</summary>
    public (TransferApproved Approved, IReadOnlyList<LotEvent> LotEvents) Approve(
        Actor approver, IReadOnlyDictionary<Guid, Lot> lots, Func<Guid> newLotId)
    {
        RequirePending("approved");
        if (From == RegionCatalog.RegionCode && approver.UserId == ProposedBy)
            throw new RuleViolationException(Rule.FourEyesRequired,
                "A transfer out of the region account must be approved by a centre user other than its proposer.");
        var received = new List<ReceivedShare>();
        var events = new List<LotEvent>();
        foreach (var share in Shares)
        {
            var parent = lots[share.LotId];
            var child = newLotId();
            events.Add(parent.TransferReservation(Id, child, To));
            events.Add(new LotReceived(child, To, Kind, share.Amount,
                parent.Provenance with { ParentLotId = parent.Id, TransferId = Id }));
            received.Add(new ReceivedShare(parent.Id, child, share.Amount));
        }
        return (new TransferApproved(Id, From, To, approver.UserId, received), events);
    }

    public (TransferRejected Rejected, IReadOnlyList<LotReservationReleased> Released) Reject(IReadOnlyDictionary<Guid, Lot> lots, string reason)
    {
        RequirePending("rejected");
        return (new TransferRejected(Id, From, To, reason), Release(lots));
    }

    public (TransferWithdrawn Withdrawn, IReadOnlyList<LotReservationReleased> Released) Withdraw(IReadOnlyDictionary<Guid, Lot> lots, string reason)
    {
        RequirePending("withdrawn");
        return (new TransferWithdrawn(Id, From, To, reason), Release(lots));
    }

    public IReadOnlyCollection<Guid> LotIds => Shares.Select(s => s.LotId).ToArray();

    private LotReservationReleased[] Release(IReadOnlyDictionary<Guid, Lot> lots) =>
        Shares.Select(s => lots[s.LotId].Release(Id)).ToArray();

    private void RequirePending(string action)
    {
        if (Status != TransferStatus.Pending)
            throw new RuleViolationException(Rule.InvalidState, $"Transfer {Id} is {Spelling.Of(Status)} and can no longer be {action}.");
    }
}
