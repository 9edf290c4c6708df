using System.Net;
using System.Text.Json;
using QuotaLedger.Api.Tests.Support;

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
        Assert.Contains("目前没有公告中或交易中的指标。", page);
    }
}
