using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Oversight.Audit;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using static QuotaLedger.Api.Tests.Oversight.AuditSteps;
using static QuotaLedger.Api.Tests.Oversight.PlanProgressSteps;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>
/// The centre's audit of the whole history: each filter lets through exactly the events it names, pages follow on by
/// sequence number, and each page carries the verifier's verdict on its events.
/// </summary>
public sealed class AuditTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Hohhot = "150100", Xincheng = "150102", Donghe = "150202";

    private static IEnumerable<Guid> Streams(IEnumerable<AuditEntry> items) => items.Select(i => i.StreamId).Distinct();

    [Fact]
    public async Task Each_filter_lets_through_the_events_it_names_and_no_others()
    {
        var auditor = api.Centre("auditor-a");
        var before = api.Clock.Now;
        var replenishment = await api.IssueLotAsync(Xincheng, QuotaKind.Replenishment, Replenishment(10, 500, 2));
        var middle = api.Clock.Advance(TimeSpan.FromDays(1));
        var linkage = await api.IssueLotAsync(Donghe, QuotaKind.LinkageSurplus, Area(8));
        api.Clock.Advance(TimeSpan.FromDays(1));
        var freeze = await auditor.FreezeAsync(Xincheng, QuotaKind.Replenishment, replenishment, Replenishment(1, 0, 0));

        var byActor = (await auditor.AuditAsync("actor=auditor-a")).Items;
        Assert.All(byActor, i => Assert.Equal("auditor-a", i.Actor));
        Assert.Superset(new HashSet<Guid> { freeze, replenishment }, Streams(byActor).ToHashSet());

        var byOrganisation = (await auditor.AuditAsync($"organisation={Donghe}")).Items;
        Assert.NotEmpty(byOrganisation);
        Assert.All(byOrganisation, i => Assert.Equal(Donghe, i.Organisation));
        Assert.DoesNotContain(freeze, Streams(byOrganisation));

        var inHohhot = Streams((await auditor.AuditAsync($"region={Hohhot}")).Items).ToArray();
        Assert.Contains(replenishment, inHohhot);
        Assert.Contains(freeze, inHohhot);
        Assert.DoesNotContain(linkage, inHohhot);
        var inDonghe = Streams((await auditor.AuditAsync($"region={Donghe}")).Items).ToArray();
        Assert.Contains(linkage, inDonghe);
        Assert.DoesNotContain(replenishment, inDonghe);
        var inTheRegion = Streams((await auditor.AuditAsync($"region={RegionCatalog.RegionCode}")).Items).ToArray();
        Assert.Contains(linkage, inTheRegion);
        Assert.Contains(replenishment, inTheRegion);

        var linkageOnly = Streams((await auditor.AuditAsync("kind=linkage_surplus")).Items).ToArray();
        Assert.Contains(linkage, linkageOnly);
        Assert.DoesNotContain(replenishment, linkageOnly);
        Assert.DoesNotContain(freeze, linkageOnly);
        Assert.Contains(freeze, Streams((await auditor.AuditAsync("kind=replenishment")).Items));

        var issued = (await auditor.AuditAsync("type=lot_issued")).Items;
        Assert.All(issued, i => Assert.Equal("lot_issued", i.EventType));
        var issuedLinkage = Assert.Single(issued, i => i.StreamId == linkage);
        Assert.Equal(("lot", 1L, "centre-reviewer", RegionCatalog.RegionCode), (issuedLinkage.StreamType, issuedLinkage.Version, issuedLinkage.Actor,
            issuedLinkage.Organisation));
        Assert.Equal(Donghe, ((System.Text.Json.JsonElement)issuedLinkage.Data).GetProperty("holder").GetString());
        Assert.NotNull(issuedLinkage.CorrelationId);
        Assert.NotNull(issuedLinkage.Reason);

        var secondDay = (await auditor.AuditAsync($"from={At(middle)}&to={At(middle.AddHours(1))}")).Items;
        Assert.All(secondDay, i => Assert.InRange(i.Timestamp, middle, middle.AddHours(1)));
        Assert.Contains(linkage, Streams(secondDay));
        Assert.DoesNotContain(replenishment, Streams(secondDay));
        Assert.DoesNotContain(freeze, Streams(secondDay));
        Assert.All((await auditor.AuditAsync($"to={At(before)}")).Items, i => Assert.True(i.Timestamp <= before));
    }

    [Fact]
    public async Task Pages_follow_on_by_sequence_number_without_gaps_or_repeats()
    {
        await api.IssueLotAsync("150103", QuotaKind.LinkageSurplus, Area(2));
        await api.IssueLotAsync("150203", QuotaKind.LinkageSurplus, Area(3));
        var centre = api.Centre();

        foreach (var (query, limit) in new[] { ("", 3), ("region=150100", 2), ("type=lot_issued", 1) })
        {
            var whole = (await centre.AuditAsync(query)).Items.Select(i => i.Sequence).ToArray();
            Assert.True(whole.Length > limit, $"too few events for '{query}' to page");
            Assert.True(whole.Zip(whole.Skip(1)).All(p => p.First < p.Second), "not oldest first");
            var paged = (await centre.AuditAllAsync(query, limit)).Select(i => i.Sequence).ToArray();
            Assert.Equal(whole, paged);
        }
        var last = await centre.AuditAsync($"after={await api.ScalarAsync<long>("SELECT max(seq_id) FROM mt_events")}");
        Assert.Empty(last.Items);
        Assert.Null(last.Next);
    }

    [Fact]
    public async Task An_untouched_page_is_verified_and_sealed_through_its_last_event()
    {
        await api.IssueLotAsync("150104", QuotaKind.LinkageSurplus, Area(4));
        await api.WaitUntilSealedAsync();

        var page = await api.Centre().AuditAsync();

        Assert.NotEmpty(page.Items);
        Assert.True(page.Verdict.Verified, string.Join("\n", page.Verdict.Findings));
        Assert.Empty(page.Verdict.Findings);
        Assert.True(page.Verdict.SealedThrough >= page.Items[^1].Sequence);
    }

    [Fact]
    public async Task Only_the_centre_audits()
    {
        await (await api.County(Xincheng).GetAsync(Audit)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Prefecture(Hohhot).GetAsync($"{Audit}?region={Hohhot}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await api.As("buyer", Guid.CreateVersion7().ToString(), "buyer-user").GetAsync(Audit))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("kind=gold", "kind")]
    [InlineData("type=lot_stolen", "type")]
    [InlineData("region=159999", "region")]
    [InlineData("organisation=nobody", "organisation")]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("after=-1", "after")]
    public async Task A_bad_filter_is_refused_naming_it(string query, string field) =>
        await (await api.Centre().GetAsync($"{Audit}?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", field);
}
