using System.Text.Json.Serialization;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Ledger.Links;

public enum LinkStatus
{
    Linked,
    WrittenOff,
    Unlinked,
    WriteOffReversed,
}

/// <param name="Occupation">How the farmland is occupied, when the link named it; the 2025 regime asks every link for it.</param>
/// <param name="PolicySetId">The regime of R7 the link was held against; none on links made before regimes were recorded.</param>
public sealed record QuotaLinked(
    Guid LinkId, string County, QuotaKind Kind, string ApprovalReference, Measures Occupied, Measures Amount,
    IReadOnlyList<LotShare> Shares,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OccupationType? Occupation = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PolicySetId = null) : IEventOf<QuotaLink>;

public sealed record LinkedQuotaWrittenOff(Guid LinkId, string County, string Reason) : IEventOf<QuotaLink>;

public sealed record QuotaUnlinked(Guid LinkId, string County, string Reason) : IEventOf<QuotaLink>;

public sealed record LinkWriteOffReversed(Guid LinkId, string County, string Reason) : IEventOf<QuotaLink>;

/// <summary>
/// 挂钩: quota held for a construction project's land-use approval application (R7, 先补后占). It is written off
/// (核销, consumed) when the approval is granted, or unlinked (解挂) back to available when the application fails.
/// </summary>
/// <param name="Occupation">How the farmland is occupied, when the link named it.</param>
/// <param name="PolicySetId">The policy regime the link was held against; none on links made before regimes were recorded.</param>
public sealed record QuotaLink(
    Guid Id,
    [RegionCode] string County,
    QuotaKind Kind,
    string ApprovalReference,
    Measures Occupied,
    Measures Amount,
    IReadOnlyList<LotShare> Shares,
    LinkStatus Status,
    string? Reason,
    OccupationType? Occupation = null,
    string? PolicySetId = null) : IAggregate<QuotaLink>, ILotOperation
{
    public static string StreamType => "quota_link";

    public IReadOnlyCollection<string> Parties => [County];

    public IReadOnlyCollection<Guid> LotIds => Shares.Select(s => s.LotId).ToArray();

    public static QuotaLink? Evolve(QuotaLink? state, IDomainEvent @event) => @event switch
    {
        QuotaLinked e => new QuotaLink(e.LinkId, e.County, e.Kind, e.ApprovalReference, e.Occupied, e.Amount, e.Shares,
            LinkStatus.Linked, null, e.Occupation, e.PolicySetId),
        LinkedQuotaWrittenOff e => state! with { Status = LinkStatus.WrittenOff, Reason = e.Reason },
        QuotaUnlinked e => state! with { Status = LinkStatus.Unlinked, Reason = e.Reason },
        LinkWriteOffReversed e => state! with { Status = LinkStatus.WriteOffReversed, Reason = e.Reason },
        _ => state,
    };

    /// <summary>
    /// R7 under the regime in force: holds at least the occupied measures the regime requires (all three, 占一补一,
    /// 占优补优, 占水田补水田, in both built-in regimes), names the occupation type where the regime asks, refuses an
    /// occupation type the regime exempts, and draws on the county's own lots, its own quota first (R6).
    /// </summary>
    public static (QuotaLinked Linked, IReadOnlyList<LotQuotaReserved> Reserved) Link(
        Guid linkId, string county, QuotaKind kind, string approvalReference, Measures occupied, Measures amount,
        IReadOnlyList<Lot> countyLots, PolicyParameterSet regime, OccupationType? occupation = null)
    {
        Quantities.RequireMovable(kind, occupied, "occupied");
        Quantities.RequireMovable(kind, amount, "linked");
        regime.Consumption.RequireConsumption(regime.Id, occupation, occupied, amount);
        if (countyLots.FirstOrDefault(l => l.Holder != county || l.Kind != kind) is { } foreign)
            throw new RuleViolationException(Rule.KindMismatch, $"Lot {foreign.Id} is {Spelling.Of(foreign.Kind)} quota of {foreign.Holder}, not {Spelling.Of(kind)} quota of {county}.");
        var shares = Allocation.Allocate(Allocation.OwnQuotaFirst(countyLots, county), amount, county);
        var byId = countyLots.ToDictionary(l => l.Id);
        var reserved = shares.Select(s => byId[s.LotId].Reserve(linkId, s.Amount)).ToArray();
        return (new QuotaLinked(linkId, county, kind, approvalReference, occupied, amount, shares, occupation, regime.Id), reserved);
    }

    public (LinkedQuotaWrittenOff WrittenOff, IReadOnlyList<LotReservationWrittenOff> LotEvents) WriteOff(
        IReadOnlyDictionary<Guid, Lot> lots, string reason)
    {
        RequireStatus(LinkStatus.Linked, "written off");
        return (new LinkedQuotaWrittenOff(Id, County, reason), Shares.Select(s => lots[s.LotId].WriteOff(Id)).ToArray());
    }

    public (QuotaUnlinked Unlinked, IReadOnlyList<LotReservationReleased> LotEvents) Unlink(IReadOnlyDictionary<Guid, Lot> lots, string reason)
    {
        RequireStatus(LinkStatus.Linked, "unlinked");
        return (new QuotaUnlinked(Id, County, reason), Shares.Select(s => lots[s.LotId].Release(Id)).ToArray());
    }

    /// <summary>R11: a write-off recorded in error; the quota returns to available.</summary>
    public (LinkWriteOffReversed Reversed, IReadOnlyList<LotWriteOffReversed> LotEvents) ReverseWriteOff(
        IReadOnlyDictionary<Guid, Lot> lots, string reason)
    {
        RequireStatus(LinkStatus.WrittenOff, "reversed");
        return (new LinkWriteOffReversed(Id, County, reason), Shares.Select(s => lots[s.LotId].ReverseWriteOff(Id)).ToArray());
    }

    private void RequireStatus(LinkStatus expected, string action)
    {
        if (Status != expected)
            throw new RuleViolationException(Rule.InvalidState, $"Link {Id} is {Spelling.Of(Status)} and cannot be {action}.");
    }
}
