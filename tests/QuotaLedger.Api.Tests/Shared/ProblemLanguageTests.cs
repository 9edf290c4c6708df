using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// Problems in the caller's language: <c>Accept-Language</c> that prefers Chinese gets the problem type's Chinese title
/// and detail, with this request's English detail beside them; anything else gets English.
/// </summary>
public sealed partial class ProblemLanguageTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Theory]
    [InlineData("zh-CN", true)]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", true)]
    [InlineData("zh", true)]
    [InlineData("en;q=0.9,zh-CN;q=0.5", false)]
    [InlineData("en-US", false)]
    [InlineData("fr-FR", false)]
    [InlineData(null, false)]
    public async Task A_problem_is_in_Chinese_only_when_the_request_prefers_it(string? acceptLanguage, bool chinese)
    {
        var client = api.Centre();
        if (acceptLanguage is not null) client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);

        var problem = await (await client.GetAsync($"{Transfers}/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");

        Assert.Equal(chinese ? "未找到" : "Not found", problem.GetProperty("title").GetString());
        Assert.Equal(chinese, Han().IsMatch(problem.GetProperty("detail").GetString()!));
        Assert.Equal(chinese, problem.TryGetProperty("englishDetail", out _));
    }

    [Fact]
    public async Task A_rule_refused_in_Chinese_keeps_the_figures_of_the_request_in_its_English_detail()
    {
        var centre = Chinese(api.Centre("alice"));

        var problem = await (await centre.PostJsonAsync($"{Transfers}/direct",
                TransferBody("152523", "152524", QuotaKind.LinkageSurplus, Area(3))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient-quota");

        Assert.Equal("可用指标不足", problem.GetProperty("title").GetString());
        Assert.Contains("152523", problem.GetProperty("englishDetail").GetString());
    }

    [Fact]
    public async Task Problems_the_framework_writes_are_in_Chinese_too()
    {
        var anonymous = Chinese(api.Anonymous());

        var problem = await (await anonymous.GetAsync($"{Transfers}/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        Assert.Equal("未登录或令牌无效", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Invalid_fields_are_named_as_in_English_under_a_Chinese_title()
    {
        var centre = Chinese(api.Centre("alice"));

        var problem = await (await centre.PostJsonAsync($"{Transfers}/direct",
                TransferBody("152523", "152524", QuotaKind.LinkageSurplus, Area(-1))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "amount.area");

        Assert.Equal("请求中有字段不合格", problem.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
    }

    private static HttpClient Chinese(HttpClient client)
    {
        client.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
        return client;
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
