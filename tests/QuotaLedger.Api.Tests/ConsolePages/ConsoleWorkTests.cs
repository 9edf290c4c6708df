using Microsoft.Playwright;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;
using QuotaLedger.Api.Tests.Trading;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.ConsolePages;

/// <summary>"Work waiting for me" in headless Chromium: the centre decides a storage application; a stale decision is refused.</summary>
[Collection(Chromium.Collection)]
public sealed class ConsoleWorkTests(KestrelLedgerApi api, Chromium chromium) : IClassFixture<KestrelLedgerApi>
{
    private const string Tumed = "150121", Togtoh = "150122", Wuchuan = "150125";

    private async Task<Guid> FiledApplicationAsync(string county, decimal area)
    {
        var client = api.County(county);
        var project = await client.RegisterProjectAsync(county, QuotaKind.Replenishment, Replenishment(area, 1_000m, 0));
        return await client.SubmitStorageAsync(api, project, QuotaKind.Replenishment, Replenishment(area, 1_000m, 0));
    }

    private async Task<ApplicationStatus> StatusAsync(Guid application) =>
        (await api.Centre().GetAsync<ResourceView<StorageApplication>>($"{StorageApplications}/{application}")).Resource.Status;

    /// <summary>Alice of the centre signs in and opens 待办: answers the page and the application's item on it.</summary>
    private async Task<(BrowserPage Console, ILocator Item)> OpenWorkAsync(Guid application)
    {
        var console = await chromium.SignInAsync(api, "centre", "150000", "alice");
        await console.Page.NavigateAsync("待办");
        var item = console.Page.Locator($"[data-section=storage] [data-item='{application}']");
        await item.WaitForAsync();
        return (console, item);
    }

    [Fact]
    public async Task The_centre_approves_a_storage_application_from_work_waiting_and_it_leaves_the_list()
    {
        var application = await FiledApplicationAsync(Tumed, 21.5m);

        var (console, item) = await OpenWorkAsync(application);
        await using var _ = console;
        var page = console.Page;
        await Assertions.Expect(item).ToContainTextAsync("土默特左旗");
        await Assertions.Expect(item).ToContainTextAsync("21.5000 亩");
        await item.Locator("[data-action=details]").ClickAsync();
        await Assertions.Expect(item.GetByTestId("details")).ToContainTextAsync("提交入库申请 · county-150121 (150121)");
        await console.ScreenshotAsync("console-work");

        await item.Locator("[data-action=approve]").ClickAsync();

        await Assertions.Expect(item).ToHaveCountAsync(0);
        Assert.Equal(ApplicationStatus.Approved, await StatusAsync(application));

        // Reloaded, the page asks again who the kept token names before it chooses its sections.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-section=storage] h2")).ToContainTextAsync("待审批的入库申请");
        var balance = await api.Centre().BalanceAsync(Tumed, QuotaKind.Replenishment);
        Assert.Equal(21.5m, balance.Available.Area);
    }

    [Fact]
    public async Task A_county_sees_its_own_applications_waiting_to_withdraw_and_not_another_countys()
    {
        var own = await FiledApplicationAsync(Tumed, 3m);
        var other = await FiledApplicationAsync(Togtoh, 4m);

        await using var console = await chromium.SignInAsync(api, "county", Tumed, "zhao");
        var page = console.Page;
        await page.NavigateAsync("待办");

        var item = page.Locator($"[data-section=storage] [data-item='{own}']");
        await Assertions.Expect(item.Locator("[data-action=withdraw]")).ToBeVisibleAsync();
        Assert.Equal(0, await item.Locator("[data-action=approve]").CountAsync());
        Assert.Equal(0, await page.Locator($"[data-item='{other}']").CountAsync());
        Assert.Equal(0, await page.Locator("[data-section=listingsUnderReview]").CountAsync());

        await item.Locator("[data-action=withdraw]").ClickAsync();
        await item.Locator("[data-field=reason]").FillAsync("测绘数据有误，重新申请");
        await item.GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
        Assert.Equal(ApplicationStatus.Withdrawn, await StatusAsync(own));
    }

    [Fact]
    public async Task A_county_consents_to_the_sale_of_its_quota_and_the_draft_leaves_its_list()
    {
        await api.GivenTradingAsync(buyers: 0);
        await api.IssueLotAsync(Wuchuan, QuotaKind.Replenishment, Replenishment(6m, 1_000m, 0));
        var listing = await api.DraftListingAsync(ListingSteps.ListingBody(api, Wuchuan, 5m));

        await using var console = await chromium.SignInAsync(api, "county", Wuchuan, "sun");
        var item = console.Page.Locator($"[data-section=consent] [data-item='{listing}']");
        await console.Page.NavigateAsync("待办");
        await item.Locator("[data-action=consent]").ClickAsync();

        await Assertions.Expect(item).ToHaveCountAsync(0);
        Assert.Equal("sun", (await api.GetListingAsync(listing)).ConsentGivenBy);
    }

    [Fact]
    public async Task A_decision_on_an_item_someone_else_decided_meanwhile_is_refused_and_the_page_says_so()
    {
        var application = await FiledApplicationAsync(Togtoh, 8m);
        var (console, item) = await OpenWorkAsync(application);
        await using var _ = console;

        // Another centre user rejects it while the page still shows it pending.
        await (await api.Centre("bob").PostJsonAsync($"{StorageApplications}/{application}/reject", new { Reason = "acceptance incomplete" }))
            .ReadAsync<CommandResult>();
        await item.Locator("[data-action=approve]").ClickAsync();

        var problem = item.GetByTestId("problem");
        await Assertions.Expect(problem).ToHaveAttributeAsync("data-status", "412");
        await Assertions.Expect(problem).ToContainTextAsync("该事项已被他人处理或更新，本次操作未生效");
        Assert.Equal(ApplicationStatus.Rejected, await StatusAsync(application));
        await console.ScreenshotAsync("console-work-stale");

        await item.GetByTestId("reload").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
    }
}
