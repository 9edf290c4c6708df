using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Policy;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using static QuotaLedger.Api.Tests.Oversight.PolicySteps;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// R7 under the regime in force: the national reform of 自然资发〔2024〕204号 applies from 2025-01-01. The clock moves
/// into 2024 and then into 2025, so this class has a database of its own.
/// </summary>
public sealed class ConsumptionRegimeTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Xincheng = "150102";
    private static readonly Measures Occupied = Replenishment(2, 800, 0.5m);

    [Fact]
    public async Task The_2025_regime_refuses_an_exempt_occupation_type_that_2024_accepted()
    {
        api.Clock.MoveTo(new DateOnly(2024, 6, 3));
        await api.IssueLotAsync(Xincheng, QuotaKind.Replenishment, Replenishment(20, 8000, 5));
        var county = api.County(Xincheng);
        Assert.Equal("F-2023", (await county.GetAsync<PolicyParametersView>(PolicyParametersPath)).InForce.Id);

        var accepted = await county.LinkAsync(Xincheng, "XC-2024-001", Occupied, OccupationType.StateEcologicalConversion);
        var link = await county.GetAsync<ResourceView<QuotaLink>>($"{Links}/{accepted}");
        Assert.Equal((OccupationType.StateEcologicalConversion, "F-2023"), (link.Resource.Occupation, link.Resource.PolicySetId));
        var json = await county.GetJsonAsync($"{Links}/{accepted}");
        Assert.Equal("state_ecological_conversion", json.GetProperty("resource").GetProperty("occupation").GetString());
        // Under F-2023 only construction counted, and a link did not have to say how the land is occupied.
        await county.LinkAsync(Xincheng, "XC-2024-002", Occupied, null);

        api.Clock.MoveTo(new DateOnly(2025, 1, 1));
        Assert.Equal("NR-2025", (await county.GetAsync<PolicyParametersView>(PolicyParametersPath)).InForce.Id);
        var events = await api.EventCountAsync();
        await (await county.PostJsonAsync(Links, LinkBody(Xincheng, "XC-2025-001", Occupied, OccupationType.StateEcologicalConversion)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "exempt-occupation");
        await (await county.PostJsonAsync(Links, LinkBody(Xincheng, "XC-2025-002", Occupied, null)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "occupation-type-required");
        // Still every measure of the occupied land (占一补一, 占优补优, 占水田补水田).
        await (await county.PostJsonAsync(Links, new
            {
                County = Xincheng, Kind = QuotaKind.Replenishment, ApprovalReference = "XC-2025-003", Occupied, Amount = Replenishment(2, 800, 0.4999m),
                Reason = "short of paddy", OccupationType = OccupationType.NonFarmConstruction,
            }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "consumption-not-covered");
        Assert.Equal(events, await api.EventCountAsync());

        var afforestation = await county.LinkAsync(Xincheng, "XC-2025-004", Occupied, OccupationType.AfforestationOrGrassland);
        var linked = (await county.GetAsync<ResourceView<QuotaLink>>($"{Links}/{afforestation}")).Resource;
        Assert.Equal((OccupationType.AfforestationOrGrassland, "NR-2025"), (linked.Occupation, linked.PolicySetId));
    }

    [Fact]
    public async Task An_occupation_type_not_spelt_as_the_api_lists_it_is_a_malformed_request() =>
        await (await api.County(Xincheng).PostRawAsync(Links,
                $$"""{"county":"{{Xincheng}}","kind":"replenishment","approvalReference":"A","occupied":{"area":1,"grainCapacity":0,"paddyArea":0},"reason":"r","occupationType":"StateEcologicalConversion"}"""))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "occupationType");
}
