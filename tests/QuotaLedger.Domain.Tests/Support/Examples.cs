using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Storage.Projects;

namespace QuotaLedger.Domain.Tests.Support;

/// <summary>Holders, users, ids and events the tests share.</summary>
public static class Examples
{
    public const string RegionAccount = RegionCatalog.RegionCode;
    public const string Hohhot = "150100";
    public const string Xincheng = "150102"; // a county of Hohhot
    public const string Huimin = "150103"; // a county of Hohhot
    public const string Baotou = "150200";
    public const string Donghe = "150202"; // a county of Baotou

    public static readonly Actor Alice = new("alice", Role.Centre, RegionAccount);
    public static readonly Actor Bob = new("bob", Role.Centre, RegionAccount);
    public static readonly Actor CountyClerk = new("carol", Role.County, Xincheng);

    public static readonly Guid ProjectId = Id("project");
    public static readonly Guid StorageApplicationId = Id("application");
    public static readonly Guid LotA = Id("lot A");
    public static readonly Guid LotB = Id("lot B");
    public static readonly Guid LotC = Id("lot C");
    public static readonly Guid NewLot = Id("new lot");
    public static readonly Guid OtherNewLot = Id("other new lot");
    public static readonly Guid TransferId = Id("transfer");
    public static readonly Guid LinkId = Id("link");
    public static readonly Guid FreezeId = Id("freeze");
    public static readonly Guid DeductionId = Id("deduction");

    public const string ProjectName = "Xincheng farmland consolidation 2024";

    public static Guid Id(string name) => StreamIds.Derived("test", name);

    public static Measures Area(decimal area) => new(area, 0, 0);

    public static Measures Quota(decimal area, decimal grainCapacity, decimal paddyArea) => new(area, grainCapacity, paddyArea);

    /// <summary>New lot ids handed out in the order given, as a handler's id generator would.</summary>
    public static Func<Guid> Ids(params Guid[] ids)
    {
        var next = new Queue<Guid>(ids);
        return next.Dequeue;
    }

    public static Provenance ProvenanceOf(string originCounty, QuotaKind kind = QuotaKind.Replenishment) =>
        new(ProjectId, ProjectName, StorageApplicationId, originCounty, kind == QuotaKind.Replenishment ? LandSource.FarmlandConsolidation : null,
            kind == QuotaKind.Replenishment ? 5 : null);

    public static LotIssued Issued(Guid lotId, string holder, Measures amount, QuotaKind kind = QuotaKind.Replenishment) =>
        new(lotId, holder, kind, amount, ProvenanceOf(holder, kind));

    /// <summary>A lot that came to <paramref name="holder"/> from another county's project.</summary>
    public static LotReceived Received(Guid lotId, string holder, Measures amount, string originCounty,
        QuotaKind kind = QuotaKind.Replenishment) =>
        new(lotId, holder, kind, amount, ProvenanceOf(originCounty, kind) with { ParentLotId = Id("parent"), TransferId = Id("old transfer") });

    public static LotQuotaReserved Reserved(Guid lotId, string holder, Measures amount, Guid reservationId,
        QuotaKind kind = QuotaKind.Replenishment) => new(lotId, holder, kind, amount, reservationId);

    public static LotQuotaFrozen Frozen(Guid lotId, string holder, Measures amount, Guid freezeId,
        QuotaKind kind = QuotaKind.Replenishment) => new(lotId, holder, kind, amount, freezeId);
}
