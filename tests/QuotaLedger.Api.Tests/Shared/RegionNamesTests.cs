using System.Text.Json;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Api.Tests.Trading;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Oversight.PlanProgressSteps;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>Where a response names a region by its code, its Chinese name stands beside it, as the officials read it.</summary>
public sealed class RegionNamesTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task A_holders_balances_a_lot_and_a_transfer_name_their_regions()
    {
        var lot = await api.IssueLotAsync("150102", QuotaKind.LinkageSurplus, Area(5));
        var transfer = await api.County("150102").ProposeTransferAsync("150102", "150103", QuotaKind.LinkageSurplus, Area(2));

        var balances = await api.County("150102").GetJsonAsync($"{Holder("150102")}/balances");
        Assert.Equal(("150102", "新城区"), Named(balances, "holder"));

        var issued = (await api.County("150102").GetJsonAsync($"{Lots}/{lot}")).GetProperty("resource");
        Assert.Equal(("150102", "新城区"), Named(issued, "holder"));
        Assert.Equal(("150102", "新城区"), Named(issued.GetProperty("provenance"), "originCounty"));

        var proposed = (await api.Prefecture("150100").GetJsonAsync($"{Transfers}/{transfer}")).GetProperty("resource");
        Assert.Equal(("150102", "新城区"), Named(proposed, "from"));
        Assert.Equal(("150103", "回民区"), Named(proposed, "to"));
    }

    [Fact]
    public async Task The_prefecture_overview_and_the_plan_progress_name_the_prefecture_and_its_counties()
    {
        await api.IssueAcceptedOnAsync("150121", QuotaKind.LinkageSurplus, Area(3), new DateOnly(2022, 9, 15));

        var overview = await api.Prefecture("150100").GetJsonAsync($"{Overview("150100")}?period=2022");
        Assert.Equal(("150100", "呼和浩特市"), Named(overview, "prefecture"));
        Assert.Equal(("150100", "呼和浩特市"), Named(overview.GetProperty("own"), "holder"));
        Assert.Contains(("150121", "土默特左旗"), overview.GetProperty("countyBalances").EnumerateArray().Select(b => Named(b, "holder")));

        var progress = await api.Centre().GetJsonAsync(ProgressUrl("2022", kind: QuotaKind.LinkageSurplus));
        Assert.Equal(("150000", "内蒙古自治区"), Named(progress, "scope"));
        var hohhot = progress.GetProperty("prefectures").EnumerateArray().Single(p => p.GetProperty("prefecture").GetString() == "150100");
        Assert.Equal(("150100", "呼和浩特市"), Named(hohhot, "prefecture"));
        Assert.Equal([("150121", "土默特左旗")], hohhot.GetProperty("counties").EnumerateArray().Select(c => Named(c, "county")));
    }

    [Fact]
    public async Task A_buyer_of_another_province_is_no_region_and_has_no_region_name()
    {
        var buyer = await api.Centre().RegisterBuyerAsync();

        var balances = await api.Centre().GetJsonAsync($"{Holder(buyer.ToString())}/balances");

        Assert.Equal(JsonValueKind.Null, balances.GetProperty("holderName").ValueKind);
    }

    /// <summary>A member's code and the name beside it.</summary>
    private static (string? Code, string? Name) Named(JsonElement json, string member) =>
        (json.GetProperty(member).GetString(), json.GetProperty(member + "Name").GetString());
}
