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
/// The centre maintains the policy regimes through the API; every user reads them. These tests add regimes, so they run
/// on a database of their own; the refusals write nothing, so neither test depends on the other's order.
/// </summary>
public sealed class PolicyParametersTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Xincheng = "150102";

    [Fact]
    public async Task A_new_regime_applies_from_its_day_and_a_link_records_it()
    {
        var county = api.County(Xincheng);
        var builtIn = await county.GetAsync(PolicyParametersPath);
        Assert.Equal("\"0\"", builtIn.ETag());
        var view = await builtIn.ReadAsync<PolicyParametersView>();
        Assert.Equal((api.Clock.Today, "NR-2025"), (view.Day, view.InForce.Id));
        Assert.Equal(["F-2023", "NR-2025"], view.Sets.Select(s => s.Id));
        Assert.Equal("F-2023", (await county.GetAsync<PolicyParametersView>($"{PolicyParametersPath}?day=2024-12-31")).InForce.Id);

        var tomorrow = api.Clock.Today.AddDays(1);
        var regime = RegimeBody("NR-2026", tomorrow, "the province narrows the exemptions");
        regime["abandonmentFreezePercent"] = 8m;
        regime["consumption"] = PolicyParameters.Reform2025.Consumption with { ExemptTypes = [OccupationType.StateEcologicalConversion] };
        var set = await api.Centre().PostJsonAsync(PolicyParametersPath, regime, ifMatch: "\"0\"");
        Assert.Equal(1, (await set.ReadAsync<CommandResult>()).Version);

        var after = await county.GetAsync<PolicyParametersView>(PolicyParametersPath);
        Assert.Equal((1L, "NR-2025"), (after.Version, after.InForce.Id));
        Assert.Equal(["F-2023", "NR-2025", "NR-2026"], after.Sets.Select(s => s.Id));
        Assert.Contains(after.History, e => e.Type == "policy_parameters_set" && e.Reason == "the province narrows the exemptions");
        var next = (await county.GetAsync<PolicyParametersView>($"{PolicyParametersPath}?day={tomorrow:yyyy-MM-dd}")).InForce;
        Assert.Equal(("NR-2026", 8m, tomorrow), (next.Id, next.AbandonmentFreezePercent, next.EffectiveFrom));

        await api.IssueLotAsync(Xincheng, QuotaKind.Replenishment, Replenishment(20, 8000, 5));
        await (await county.PostJsonAsync(Links, LinkBody(Xincheng, "XC-1", Area(1), OccupationType.NaturalDisasterDamage)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "exempt-occupation");
        api.Clock.Advance(TimeSpan.FromDays(1));
        var link = await county.LinkAsync(Xincheng, "XC-2", Area(1), OccupationType.NaturalDisasterDamage);
        var linked = (await county.GetAsync<ResourceView<QuotaLink>>($"{Links}/{link}")).Resource;
        Assert.Equal((OccupationType.NaturalDisasterDamage, "NR-2026"), (linked.Occupation, linked.PolicySetId));
        Assert.Equal(1, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE type = 'quota_linked' AND data->>'policySetId' = 'NR-2026'"));
    }

    [Fact]
    public async Task Bad_fields_a_past_day_a_taken_id_a_county_and_a_stale_version_are_refused()
    {
        var today = api.Clock.Today;
        var centre = api.Centre();
        var events = await api.EventCountAsync();

        await (await centre.PostJsonAsync(PolicyParametersPath, RegimeBody("PAST", today.AddDays(-1))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "retroactive-policy");
        await (await centre.PostJsonAsync(PolicyParametersPath, RegimeBody("nr-2025", today)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        Assert.DoesNotContain("version", (await (await api.County(Xincheng).PostJsonAsync(PolicyParametersPath, RegimeBody("C", today), ifMatch: "\"9\""))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden")).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await (await centre.PostJsonAsync(PolicyParametersPath, RegimeBody("STALE", today), ifMatch: "\"9\""))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");

        var bad = RegimeBody("has space", today, reason: "");
        bad["source"] = "";
        bad["abandonmentFreezePercent"] = 0m;
        bad["fieldSamplePercent"] = 15.125m;
        bad["patrolForwardDays"] = 0;
        bad["patrolReportDays"] = 367;
        bad["consumption"] = new ConsumptionRules(false, false, false, true,
            [OccupationType.NonFarmConstruction, OccupationType.NaturalWaterExpansion, OccupationType.NaturalWaterExpansion]);
        await (await centre.PostJsonAsync(PolicyParametersPath, bad)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation",
            "id", "source", "abandonmentFreezePercent", "fieldSamplePercent", "patrolForwardDays", "patrolReportDays", "reason",
            "consumption.coverArea", "consumption.exemptTypes[0]", "consumption.exemptTypes");
        var over = RegimeBody("OVER", today);
        over["abandonmentFreezePercent"] = 100.01m;
        await (await centre.PostJsonAsync(PolicyParametersPath, over))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "abandonmentFreezePercent");

        Assert.Equal(events, await api.EventCountAsync());
    }
}
