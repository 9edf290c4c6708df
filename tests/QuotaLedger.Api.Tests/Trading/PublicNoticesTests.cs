using System.Net;
using System.Text.Json;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Trading.Listings;
using QuotaLedger.Application.Trading.PublicNotices;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Listings;
using static QuotaLedger.Api.Tests.Support.Steps;
using static QuotaLedger.Api.Tests.Trading.ListingSteps;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>公示: anyone reads the notices without a token, as JSON and as a page in Chinese.</summary>
public sealed class PublicNoticesTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Theory]
    [InlineData("/public/v1/listings")]
    [InlineData("/public/v1/results")]
    [InlineData("/public/v1/agreements")]
    public async Task The_notices_are_read_without_a_token(string path)
    {
        var response = await api.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ValueKind);
    }

    [Fact]
    public async Task The_notice_page_is_html_in_chinese()
    {
        var response = await api.Anonymous().GetAsync("/public/notices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", page);
        Assert.Contains("指标交易公示", page);
        Assert.Contains("<h2 id=\"listings\">交易公告</h2>", page);
    }

    [Fact]
    public async Task An_announced_listing_and_then_its_result_are_published_without_the_buyers_name()
    {
        var buyers = await api.GivenTradingAsync(1);
        await api.IssueLotAsync("150103", QuotaKind.Replenishment, Area(8m));
        var id = await api.TradingListingAsync(ListingBody(api, "150103", 8m));
        var number = (await api.GetListingAsync(id)).Number;

        var announced = Assert.Single(await api.Anonymous().GetAsync<List<AnnouncedListing>>("/public/v1/listings"), l => l.Id == id);
        Assert.Equal(("回民区", 8m, "150103"), (announced.SellerName, announced.Quantity, Assert.Single(announced.Lots).OriginCounty));
        var page = await api.Anonymous().GetStringAsync("/public/notices");
        Assert.Contains(number, page);
        Assert.Contains("回民区", page);

        await api.PayDepositAsync(id, buyers[0]);
        await (await api.Buyer(buyers[0]).OrderAsync(id, 8m)).ReadAsync<Application.Shared.CommandResult>(HttpStatusCode.Created);
        Assert.DoesNotContain(await api.Anonymous().GetAsync<List<TradingResult>>("/public/v1/results"), r => r.Id == id);
        await api.Centre().ListingStepAsync(id, "publicize-result");

        var result = Assert.Single(await api.Anonymous().GetAsync<List<TradingResult>>("/public/v1/results"), r => r.Id == id);
        Assert.Equal((ListingStatus.Publicity, 8m, "330000", "浙江省"),
            (result.Outcome, Assert.Single(result.Awards).Quantity, result.Awards[0].BuyerProvince, result.Awards[0].BuyerProvinceName));
        var text = await api.Anonymous().GetStringAsync("/public/v1/results");
        Assert.DoesNotContain(buyers[0].ToString(), text);
        Assert.DoesNotContain("DEP-", text);
        Assert.Contains("浙江省", await api.Anonymous().GetStringAsync("/public/notices"));
    }
}
