using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>The lists of items waiting for a decision narrowed to one status, as the console's "work waiting" asks for them.</summary>
public sealed class StatusFilterTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string Horinger = "150123", Qingshuihe = "150124";

    [Fact]
    public async Task Storage_applications_of_one_status_are_only_those()
    {
        var county = api.County(Horinger);
        var decided = await county.SubmitStorageAsync(api, await county.RegisterProjectAsync(Horinger, QuotaKind.Replenishment, Area(2m)),
            QuotaKind.Replenishment, Area(2m));
        await api.Centre().ApproveStorageAsync(decided);
        var pending = await county.SubmitStorageAsync(api, await county.RegisterProjectAsync(Horinger, QuotaKind.Replenishment, Area(3m)),
            QuotaKind.Replenishment, Area(3m));

        var listed = await api.Centre().GetAsync<Page<ResourceView<StorageApplication>>>($"{StorageApplications}?holder={Horinger}&status=pending");

        Assert.Equal([pending], listed.Items.Select(i => i.Resource.Id));
        Assert.All(listed.Items, i => Assert.Equal(ApplicationStatus.Pending, i.Resource.Status));
    }

    [Fact]
    public async Task Transfers_of_one_status_are_only_those()
    {
        await api.IssueLotAsync(Qingshuihe, QuotaKind.Replenishment, Area(10m));
        var county = api.County(Qingshuihe);
        var approved = await county.ProposeTransferAsync(Qingshuihe, Horinger, QuotaKind.Replenishment, Area(1m));
        await api.Prefecture("150100").ApproveTransferAsync(approved);
        var pending = await county.ProposeTransferAsync(Qingshuihe, Horinger, QuotaKind.Replenishment, Area(2m));

        var listed = await api.Centre().GetAsync<Page<ResourceView<Transfer>>>($"{Transfers}?holder={Qingshuihe}&status=pending");

        Assert.Equal([pending], listed.Items.Select(i => i.Resource.Id));
    }

    [Theory]
    [InlineData(StorageApplications)]
    [InlineData(Transfers)]
    [InlineData("/api/v1/trading/deals")]
    public async Task An_unknown_status_is_refused_naming_the_field(string list) =>
        await (await api.Centre().GetAsync($"{list}?status=waiting")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "status");
}
