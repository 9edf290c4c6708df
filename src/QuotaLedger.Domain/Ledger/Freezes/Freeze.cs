using System.Text.Json.Serialization;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Domain.Ledger.Freezes;

public enum FreezeStatus
{
    Active,
    Lifted,
}

/// <param name="Cites">The record the freeze was imposed on (the inspection campaign of R5); none for one imposed by hand.</param>
public sealed record FreezeImposed(
    Guid FreezeId, string Holder, QuotaKind Kind, IReadOnlyList<LotShare> Shares, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Citation? Cites = null) : IEventOf<Freeze>;

/// <param name="Cites">The record the freeze was lifted on (the re-check that confirmed rectification); none for one lifted by hand.</param>
public sealed record FreezeLifted(Guid FreezeId, string Holder, string Reason, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Citation? Cites = null) : IEventOf<Freeze>;

/// <summary>冻结: quota that may not move or be used until the centre lifts the freeze (R5).</summary>
public sealed record Freeze(
    Guid Id,
    [RegionCode] string Holder,
    QuotaKind Kind,
    IReadOnlyList<LotShare> Shares,
    FreezeStatus Status,
    string Reason) : IAggregate<Freeze>, ILotOperation
{
    public static string StreamType => "freeze";

    public IReadOnlyCollection<string> Parties => [Holder];

    public IReadOnlyCollection<Guid> LotIds => Shares.Select(s => s.LotId).ToArray();

    public static Freeze? Evolve(Freeze? state, IDomainEvent @event) => @event switch
    {
        FreezeImposed e => new Freeze(e.FreezeId, e.Holder, e.Kind, e.Shares, FreezeStatus.Active, e.Reason),
        FreezeLifted e => state! with { Status = FreezeStatus.Lifted, Reason = e.Reason },
        _ => state,
    };

    /// <summary>Freezes part of one lot: the amount given, or all it has available.</summary>
    public static (FreezeImposed Imposed, IReadOnlyList<LotQuotaFrozen> Frozen) ImposeOnLot(
        Guid freezeId, Lot lot, Measures? amount, string reason)
    {
        var share = new LotShare(lot.Id, amount ?? lot.Available);
        if (amount is { } asked) Quantities.RequireMovable(lot.Kind, asked, "freeze");
        var frozen = lot.Freeze(freezeId, share.Amount);
        return (new FreezeImposed(freezeId, lot.Holder, lot.Kind, [share], reason), [frozen]);
    }

    /// <summary>Freezes everything a holder has available of a kind.</summary>
    public static (FreezeImposed Imposed, IReadOnlyList<LotQuotaFrozen> Frozen) ImposeOnHolder(
        Guid freezeId, string holder, QuotaKind kind, IReadOnlyList<Lot> lots, string reason)
    {
        var frozen = lots.Where(l => l.Holder == holder && l.Kind == kind && !l.Available.IsZero)
            .Select(l => l.Freeze(freezeId, l.Available)).ToArray();
        if (frozen.Length == 0)
            throw new RuleViolationException(Rule.InsufficientQuota, $"{holder} has no available {Spelling.Of(kind)} quota to freeze.");
        return (new FreezeImposed(freezeId, holder, kind, frozen.Select(f => new LotShare(f.LotId, f.Amount)).ToArray(), reason), frozen);
    }

    /// <summary>
    /// R5: freezes the given shares of a holder's lots (the quota matching confirmed abandonment); refused when a lot is
    /// another holder's or kind, or lacks its share available. The freeze cites the record it was decided on.
    /// </summary>
    public static (FreezeImposed Imposed, IReadOnlyList<LotQuotaFrozen> Frozen) ImposeShares(
        Guid freezeId, string holder, QuotaKind kind, IReadOnlyDictionary<Guid, Lot> lots, IReadOnlyList<LotShare> shares, string reason, Citation? cites)
    {
        if (shares.Count == 0)
            throw new RuleViolationException(Rule.InsufficientQuota, $"{holder} has no available {Spelling.Of(kind)} quota to freeze.");
        var frozen = shares.Select(s =>
        {
            var lot = lots[s.LotId];
            if (lot.Holder != holder || lot.Kind != kind)
                throw new RuleViolationException(Rule.KindMismatch, $"Lot {lot.Id} is not {Spelling.Of(kind)} quota of {holder}.");
            return lot.Freeze(freezeId, s.Amount);
        }).ToArray();
        return (new FreezeImposed(freezeId, holder, kind, shares, reason, cites), frozen);
    }

    public (FreezeLifted Lifted, IReadOnlyList<LotQuotaUnfrozen> Unfrozen) Lift(IReadOnlyDictionary<Guid, Lot> lots, string reason, Citation? cites = null)
    {
        if (Status != FreezeStatus.Active)
            throw new RuleViolationException(Rule.InvalidState, $"Freeze {Id} was already lifted.");
        return (new FreezeLifted(Id, Holder, reason, cites), Shares.Select(s => lots[s.LotId].Unfreeze(Id)).ToArray());
    }
}
