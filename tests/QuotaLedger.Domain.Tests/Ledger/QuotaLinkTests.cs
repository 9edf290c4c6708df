using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using QuotaLedger.Domain.Tests.Support;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Ledger;

/// <summary>R7: construction holds quota covering what it occupies; the link is written off or unlinked.</summary>
public class QuotaLinkTests
{
    private const QuotaKind Replenishment = QuotaKind.Replenishment;
    private const string Approval = "XC-2024-017";
    private static readonly Measures Occupied = Quota(8, 3000, 2);

    private static Outcome Link(History given, Measures occupied, Measures amount, QuotaKind kind = Replenishment,
        IReadOnlyList<Lot>? lots = null, PolicyParameterSet? regime = null, OccupationType? occupation = null) =>
        given.When(h => QuotaLink.Link(LinkId, Xincheng, kind, Approval, occupied, amount, lots ?? h.LotsOf(Xincheng, kind),
            regime ?? PolicyParameters.F2023, occupation));

    private static History Holding => Given(Issued(LotA, Xincheng, Quota(10, 4000, 3)));

    /// <summary>Xincheng has linked 8 mu / 3000 kg / 2 mu of paddy on lot A.</summary>
    private static History Linked => Given(Holding.Journal,
        new QuotaLinked(LinkId, Xincheng, Replenishment, Approval, Occupied, Occupied, [new LotShare(LotA, Occupied)]),
        Reserved(LotA, Xincheng, Occupied, LinkId));

    [Fact]
    public void A_link_holds_quota_covering_what_the_construction_occupies() =>
        Link(Holding, Occupied, Quota(9, 3000, 2))
            .Then(new QuotaLinked(LinkId, Xincheng, Replenishment, Approval, Occupied, Quota(9, 3000, 2), [new LotShare(LotA, Quota(9, 3000, 2))],
                    PolicySetId: "F-2023"),
                Reserved(LotA, Xincheng, Quota(9, 3000, 2), LinkId));

    [Theory]
    [InlineData(7.9999, 3000, 2)] // 占一补一
    [InlineData(8, 2999.99, 2)] // 占优补优
    [InlineData(8, 3000, 1.9999)] // 占水田补水田
    public void A_link_short_of_the_occupied_land_in_any_measure_is_refused(decimal area, decimal grain, decimal paddy) =>
        Link(Holding, Occupied, Quota(area, grain, paddy)).ThenRefused(Rule.ConsumptionNotCovered);

    [Fact]
    public void Construction_cannot_link_quota_the_county_does_not_have_available() =>
        Link(Given(Holding.Journal, Frozen(LotA, Xincheng, Area(3), FreezeId)), Occupied, Occupied).ThenRefused(Rule.InsufficientQuota);

    [Fact]
    public void Quota_of_the_counties_own_projects_is_linked_before_quota_moved_in() =>
        Link(Given(Received(LotB, Xincheng, Quota(10, 4000, 3), Huimin), Issued(LotA, Xincheng, Quota(5, 1000, 3))), Occupied, Occupied)
            .Then(new QuotaLinked(LinkId, Xincheng, Replenishment, Approval, Occupied, Occupied,
                    [new LotShare(LotA, Quota(5, 1000, 2)), new LotShare(LotB, Quota(3, 2000, 0))], PolicySetId: "F-2023"),
                Reserved(LotA, Xincheng, Quota(5, 1000, 2), LinkId), Reserved(LotB, Xincheng, Quota(3, 2000, 0), LinkId));

    [Fact]
    public void Another_countys_lot_is_refused()
    {
        var given = Given(Issued(LotB, Huimin, Quota(10, 4000, 3)));

        Link(given, Occupied, Occupied, lots: given.LotsOf(Huimin)).ThenRefused(Rule.KindMismatch);
    }

    [Fact]
    public void Linkage_construction_occupies_area_only() =>
        Link(Given(Issued(LotA, Xincheng, Area(10), QuotaKind.LinkageSurplus)), Quota(1, 0, 1), Quota(1, 0, 1), QuotaKind.LinkageSurplus)
            .ThenRefused(Rule.InvalidAmount);

    [Fact]
    public void A_granted_approval_writes_the_linked_quota_off_as_consumed()
    {
        var outcome = Linked.When(h => h.The<QuotaLink>().WriteOff(h.Lots, "approval granted"));

        outcome.Then(new LinkedQuotaWrittenOff(LinkId, Xincheng, "approval granted"),
            new LotReservationWrittenOff(LotA, Xincheng, Replenishment, Occupied, LinkId));
        Assert.Equal(Occupied, outcome.Applied.Lot(LotA)[Bucket.Consumed]);
    }

    [Fact]
    public void A_failed_application_unlinks_the_quota_back_to_available()
    {
        var outcome = Linked.When(h => h.The<QuotaLink>().Unlink(h.Lots, "approval refused"));

        outcome.Then(new QuotaUnlinked(LinkId, Xincheng, "approval refused"),
            new LotReservationReleased(LotA, Xincheng, Replenishment, Occupied, LinkId));
        Assert.Equal(Quota(10, 4000, 3), outcome.Applied.Lot(LotA).Available);
    }

    [Fact]
    public void An_unlinked_link_cannot_be_written_off() =>
        Linked.When(h => h.The<QuotaLink>().Unlink(h.Lots, "approval refused")).Applied
            .When(h => h.The<QuotaLink>().WriteOff(h.Lots, "approval granted"))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_written_off_link_cannot_be_unlinked() =>
        Linked.When(h => h.The<QuotaLink>().WriteOff(h.Lots, "approval granted")).Applied
            .When(h => h.The<QuotaLink>().Unlink(h.Lots, "approval refused"))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_write_off_recorded_in_error_is_reversed_back_to_available()
    {
        var outcome = Linked.When(h => h.The<QuotaLink>().WriteOff(h.Lots, "approval granted")).Applied
            .When(h => h.The<QuotaLink>().ReverseWriteOff(h.Lots, "granted for another project"));

        outcome.Then(new LinkWriteOffReversed(LinkId, Xincheng, "granted for another project"),
            new LotWriteOffReversed(LotA, Xincheng, Replenishment, Occupied, LinkId));
        Assert.Equal((Quota(10, 4000, 3), Measures.Zero), (outcome.Applied.Lot(LotA).Available, outcome.Applied.Lot(LotA)[Bucket.Consumed]));
    }

    [Fact]
    public void Only_a_write_off_can_be_reversed() =>
        Linked.When(h => h.The<QuotaLink>().ReverseWriteOff(h.Lots, "nothing was written off")).ThenRefused(Rule.InvalidState);

    private static readonly PolicyParameterSet F2023 = PolicyParameters.F2023;
    private static readonly PolicyParameterSet NR2025 = PolicyParameters.Reform2025;

    [Theory]
    [InlineData(7.9999, 3000, 2)] // 占一补一
    [InlineData(8, 2999.99, 2)] // 占优补优
    [InlineData(8, 3000, 1.9999)] // 占水田补水田
    public void The_2025_regime_still_holds_every_measure_of_the_occupied_land(decimal area, decimal grain, decimal paddy) =>
        Link(Holding, Occupied, Quota(area, grain, paddy), regime: NR2025, occupation: OccupationType.NonFarmConstruction)
            .ThenRefused(Rule.ConsumptionNotCovered);

    [Fact]
    public void A_link_records_its_occupation_type_and_the_regime_it_was_held_against()
    {
        var outcome = Link(Holding, Occupied, Occupied, regime: NR2025, occupation: OccupationType.FarmingStructureChange);

        outcome.Then(new QuotaLinked(LinkId, Xincheng, Replenishment, Approval, Occupied, Occupied, [new LotShare(LotA, Occupied)],
                OccupationType.FarmingStructureChange, "NR-2025"),
            Reserved(LotA, Xincheng, Occupied, LinkId));
        Assert.Equal((OccupationType.FarmingStructureChange, "NR-2025"),
            (outcome.Applied.The<QuotaLink>().Occupation, outcome.Applied.The<QuotaLink>().PolicySetId));
    }

    [Fact]
    public void The_2025_regime_requires_the_occupation_type_that_2023_did_not()
    {
        Link(Holding, Occupied, Occupied, regime: F2023).Then(
            new QuotaLinked(LinkId, Xincheng, Replenishment, Approval, Occupied, Occupied, [new LotShare(LotA, Occupied)], PolicySetId: "F-2023"),
            Reserved(LotA, Xincheng, Occupied, LinkId));
        Link(Holding, Occupied, Occupied, regime: NR2025).ThenRefused(Rule.OccupationTypeRequired);
    }

    [Theory]
    [InlineData(OccupationType.StateEcologicalConversion)]
    [InlineData(OccupationType.NaturalDisasterDamage)]
    [InlineData(OccupationType.NaturalWaterExpansion)]
    public void An_exempt_occupation_type_is_refused_as_consumption_only_under_the_2025_regime(OccupationType exempt)
    {
        Link(Holding, Occupied, Occupied, regime: F2023, occupation: exempt).Then(
            new QuotaLinked(LinkId, Xincheng, Replenishment, Approval, Occupied, Occupied, [new LotShare(LotA, Occupied)], exempt, "F-2023"),
            Reserved(LotA, Xincheng, Occupied, LinkId));
        Link(Holding, Occupied, Occupied, regime: NR2025, occupation: exempt).ThenRefused(Rule.ExemptOccupation);
    }

    [Fact]
    public void A_regime_that_does_not_require_a_measure_lets_a_link_hold_less_of_it()
    {
        var areaOnly = F2023 with { Id = "AREA", Consumption = F2023.Consumption with { CoverGrainCapacity = false, CoverPaddyArea = false } };

        Link(Holding, Occupied, Quota(8, 0, 0), regime: areaOnly).Then(
            new QuotaLinked(LinkId, Xincheng, Replenishment, Approval, Occupied, Quota(8, 0, 0), [new LotShare(LotA, Quota(8, 0, 0))],
                PolicySetId: "AREA"),
            Reserved(LotA, Xincheng, Quota(8, 0, 0), LinkId));
        Link(Holding, Occupied, Quota(7.9999m, 3000, 2), regime: areaOnly).ThenRefused(Rule.ConsumptionNotCovered);
    }
}
