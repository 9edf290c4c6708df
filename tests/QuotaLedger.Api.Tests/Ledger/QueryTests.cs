using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Ledger;

/// <summary>What each user sees: a county its own, a prefecture its counties, the centre everything.</summary>
public sealed class QueryTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task A_prefecture_sees_its_counties_projects_and_not_another_prefectures()
    {
        var own = await api.County("150602").RegisterProjectAsync("150602", QuotaKind.LinkageSurplus, Area(3));
        var foreign = await api.County("150702").RegisterProjectAsync("150702", QuotaKind.LinkageSurplus, Area(3));

        var seen = (await api.Prefecture("150600").GetAsync<Page<ResourceView<Project>>>(Projects)).Items.Select(p => p.Resource.Id).ToArray();

        Assert.Contains(own, seen);
        Assert.DoesNotContain(foreign, seen);
        var all = (await api.Centre().GetAsync<Page<ResourceView<Project>>>(Projects)).Items.Select(p => p.Resource.Id).ToArray();
        Assert.Contains(own, all);
        Assert.Contains(foreign, all);
    }

    [Fact]
    public async Task A_holders_lots_narrow_to_a_kind_and_the_receiver_sees_the_transfer()
    {
        const string county = "150621", receiver = "150622";
        var linkage = await api.IssueLotAsync(county, QuotaKind.LinkageSurplus, Area(5));
        var replenishment = await api.IssueLotAsync(county, QuotaKind.Replenishment, Replenishment(5, 100, 1));

        var lots = await api.County(county).GetAsync<Page<ResourceView<Lot>>>($"{Holder(county)}/lots?kind=linkage_surplus");
        Assert.Equal([linkage], lots.Items.Select(l => l.Resource.Id));
        var both = await api.County(county).GetAsync<Page<ResourceView<Lot>>>($"{Holder(county)}/lots");
        Assert.Equal([replenishment, linkage], both.Items.Select(l => l.Resource.Id));

        var transfer = await api.County(county).ProposeTransferAsync(county, receiver, QuotaKind.LinkageSurplus, Area(2));
        var received = await api.County(receiver).GetAsync<ResourceView<Transfer>>($"{Transfers}/{transfer}");
        Assert.Equal(TransferStatus.Pending, received.Resource.Status);
        Assert.Contains(transfer, (await api.County(receiver).GetAsync<Page<ResourceView<Transfer>>>(Transfers)).Items.Select(t => t.Resource.Id));
    }
}
