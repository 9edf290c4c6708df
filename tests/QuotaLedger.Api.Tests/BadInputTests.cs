using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain;
using QuotaLedger.Domain.Projects;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests;

/// <summary>
/// Bad input is refused with a 4xx ProblemDetails whose type names the problem and whose errors name the field, and
/// nothing is written: the ledger holds as many events as before, and the lists show nothing new.
/// </summary>
public sealed class BadInputTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    private const string County = "150102";
    private readonly HttpClient county = api.County(County);

    private async Task<HttpResponseMessage> NothingWrittenAsync(Func<Task<HttpResponseMessage>> act)
    {
        var events = await api.EventCountAsync();
        var projects = await ProjectCountAsync();
        var response = await act();
        Assert.Equal(events, await api.EventCountAsync());
        Assert.Equal(projects, await ProjectCountAsync());
        return response;
    }

    private async Task<int> ProjectCountAsync() =>
        (await api.Centre().GetAsync<Page<ResourceView<Project>>>($"{Projects}?limit=500")).Items.Count;

    private Task<HttpResponseMessage> RegisterRawAsync(string json) => NothingWrittenAsync(() => county.PostRawAsync(Projects, json));

    private Task<HttpResponseMessage> RegisterAsync(object body) => NothingWrittenAsync(() => county.PostJsonAsync(Projects, body));

    [Fact]
    public async Task A_valid_registration_is_written_so_the_refusals_below_mean_something()
    {
        var before = await ProjectCountAsync();
        await county.RegisterProjectAsync(County, QuotaKind.Replenishment, Replenishment(10, 5000, 2));
        Assert.Equal(before + 1, await ProjectCountAsync());
    }

    [Theory]
    [InlineData("{\"county\": \"150102\", ")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400_naming_the_body(string json)
    {
        var response = await RegisterRawAsync(json);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, json == "" ? "bad-request" : "malformed-request");
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_a_400_naming_it()
    {
        var response = await RegisterRawAsync("""
            {"county":"150102","kind":"replenishment","name":"x","landSource":"farmland_consolidation","slopeDegrees":"steep",
             "inEcologicalRedLine":false,"planned":{"area":1,"grainCapacity":0,"paddyArea":0}}
            """);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "slopeDegrees");
    }

    [Theory]
    [InlineData("159999")] // not in GB/T 2260
    [InlineData("150100")] // a prefecture, not a county
    [InlineData("110101")] // a county of Beijing
    [InlineData("")]
    public async Task An_unknown_region_code_is_a_400_naming_the_county(string code)
    {
        var response = await RegisterAsync(ProjectBody(code, QuotaKind.Replenishment, Replenishment(1, 0, 0)));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "county");
    }

    public static TheoryData<string, string, string, string> BadAmounts => new()
    {
        // kind, area, grain capacity, paddy area
        { "replenishment", "0", "0", "0" },
        { "replenishment", "-1", "0", "0" },
        { "replenishment", "1", "-0.01", "0" },
        { "replenishment", "1.00001", "0", "0" },         // area beyond 4 decimals is refused, not rounded (R1)
        { "replenishment", "1", "0.001", "0" },           // grain capacity beyond 2 decimals
        { "replenishment", "1", "0", "0.00001" },
        { "replenishment", "2000000000.0001", "0", "0" }, // more than the region's land
        { "replenishment", "1", "2000000000000.01", "0" },
        { "linkage_surplus", "1", "10", "0" },            // grain capacity on a linkage quota
        { "linkage_surplus", "1", "0", "0.5" },           // paddy area on a linkage quota
    };

    [Theory]
    [MemberData(nameof(BadAmounts))]
    public async Task An_amount_that_does_not_fit_its_kind_is_a_400_naming_it(string kind, string area, string grain, string paddy)
    {
        var response = await RegisterRawAsync($$$"""
            {"county":"150102","kind":"{{{kind}}}","name":"x","landSource":"farmland_consolidation","slopeDegrees":1,
             "inEcologicalRedLine":false,"planned":{"area":{{{area}}},"grainCapacity":{{{grain}}},"paddyArea":{{{paddy}}}}}
            """);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "planned");
    }

    [Theory]
    [InlineData("12.50000000", "12.5")]  // trailing zeros carry no precision: the value has one decimal
    [InlineData("1e2", "100")]
    [InlineData("0.0001", "0.0001")]
    public async Task An_amount_with_at_most_four_significant_decimals_is_accepted_whatever_its_notation(string area, string stored)
    {
        var response = await county.PostRawAsync(Projects, $$"""
            {"county":"150102","kind":"linkage_surplus","name":"x","landSource":"unused_land","slopeDegrees":1,
             "inEcologicalRedLine":false,"planned":{"area":{{area}},"grainCapacity":0,"paddyArea":0} }
            """);
        var id = (await response.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
        var project = await county.GetAsync<ResourceView<Project>>($"{Projects}/{id}");
        Assert.Equal(decimal.Parse(stored, System.Globalization.CultureInfo.InvariantCulture), project.Resource.Planned.Area);
    }

    [Theory]
    [InlineData("1e30")]          // beyond decimal
    [InlineData("\"12\"")]        // a number in a string
    [InlineData("null")]
    public async Task An_amount_that_is_no_decimal_is_a_400_naming_the_measure(string area)
    {
        var response = await RegisterRawAsync($$"""
            {"county":"150102","kind":"replenishment","name":"x","landSource":"farmland_consolidation","slopeDegrees":1,
             "inEcologicalRedLine":false,"planned":{"area":{{area}},"grainCapacity":0,"paddyArea":0} }
            """);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "planned.area");
    }

    [Theory]
    [InlineData("kind", "\"gold\"")]
    [InlineData("kind", "1")]
    [InlineData("landSource", "\"moon_dust\"")]
    public async Task An_unknown_enum_value_is_a_400_naming_the_field(string field, string value)
    {
        var body = new Dictionary<string, string>
        {
            ["county"] = "\"150102\"", ["kind"] = "\"replenishment\"", ["name"] = "\"x\"", ["landSource"] = "\"farmland_consolidation\"",
            ["slopeDegrees"] = "1", ["inEcologicalRedLine"] = "false", ["planned"] = """{"area":1,"grainCapacity":0,"paddyArea":0}""",
        };
        body[field] = value;
        var response = await RegisterRawAsync("{" + string.Join(",", body.Select(p => $"\"{p.Key}\":{p.Value}")) + "}");
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", field);
    }

    [Fact]
    public async Task An_unknown_json_member_is_a_400_naming_it()
    {
        var response = await RegisterRawAsync("""
            {"county":"150102","kind":"replenishment","name":"x","landSource":"farmland_consolidation","slopeDegrees":1,
             "inEcologicalRedLine":false,"planned":{"area":1,"grainCapacity":0,"paddyArea":0},"colour":"green"}
            """);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "colour");
    }

    [Fact]
    public async Task A_missing_required_member_is_a_400_naming_it()
    {
        var response = await RegisterRawAsync("""
            {"county":"150102","kind":"replenishment","name":"x","landSource":"farmland_consolidation","slopeDegrees":1,
             "inEcologicalRedLine":false}
            """);
        // The reader cannot place a missing member on a path, so the error is on the body, naming the member.
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "body");
        Assert.Contains("'planned'", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Theory]
    [InlineData(LandSource.FilledLake, 3)]
    [InlineData(LandSource.RiverBeach, 3)]
    [InlineData(LandSource.SeverelyDesertifiedLand, 3)]
    [InlineData(LandSource.FarmlandConsolidation, 15.5)] // a slope over 15 degrees
    public async Task A_refused_land_source_is_a_422_land_source_refused(LandSource source, double slope)
    {
        var response = await RegisterAsync(ProjectBody(County, QuotaKind.Replenishment, Replenishment(5, 0, 0), source,
            slopeDegrees: (decimal)slope));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "land-source-refused");
        Assert.Contains("R3", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Land_inside_the_ecological_red_line_is_refused()
    {
        var response = await RegisterRawAsync("""
            {"county":"150102","kind":"replenishment","name":"x","landSource":"unused_land","slopeDegrees":1,
             "inEcologicalRedLine":true,"planned":{"area":1,"grainCapacity":0,"paddyArea":0}}
            """);
        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "land-source-refused");
    }

    [Fact]
    public async Task Land_type_changed_after_the_acceptance_is_a_400_naming_the_date()
    {
        var project = await county.RegisterProjectAsync(County, QuotaKind.Replenishment, Replenishment(10, 0, 0));
        var accepted = api.Clock.Today.AddDays(-20);
        var applications = await api.EventCountAsync("storage_application_submitted");
        var response = await NothingWrittenAsync(() => county.PostJsonAsync(StorageApplications,
            StorageBody(project, Replenishment(10, 0, 0), 5, accepted, accepted.AddDays(1))));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "landTypeChangedOn");
        Assert.Equal(applications, await api.EventCountAsync("storage_application_submitted"));
    }

    [Fact]
    public async Task An_acceptance_dated_in_the_future_is_refused()
    {
        var project = await county.RegisterProjectAsync(County, QuotaKind.Replenishment, Replenishment(10, 0, 0));
        var tomorrow = api.Clock.Today.AddDays(1);
        var response = await NothingWrittenAsync(() => county.PostJsonAsync(StorageApplications,
            StorageBody(project, Replenishment(10, 0, 0), 5, tomorrow, tomorrow.AddDays(-3))));
        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "acceptance-required");
    }

    [Fact]
    public async Task Grain_capacity_verified_on_a_linkage_project_is_refused()
    {
        var project = await county.RegisterProjectAsync(County, QuotaKind.LinkageSurplus, Area(10));
        var accepted = api.Clock.Today.AddDays(-20);
        var response = await NothingWrittenAsync(() => county.PostJsonAsync(StorageApplications,
            StorageBody(project, new Measures(10, 300, 0), null, accepted, accepted.AddDays(-1))));
        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-amount");
    }

    [Fact]
    public async Task A_transfer_to_an_unknown_holder_is_a_400_naming_it()
    {
        var response = await NothingWrittenAsync(() =>
            county.PostJsonAsync(Transfers, TransferBody(County, "999999", QuotaKind.Replenishment, Area(1))));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "to");
    }

    [Fact]
    public async Task A_transfer_without_a_reason_is_a_400_naming_it()
    {
        var response = await NothingWrittenAsync(() =>
            county.PostJsonAsync(Transfers, TransferBody(County, "150103", QuotaKind.Replenishment, Area(1), reason: "")));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "reason");
    }

    [Fact]
    public async Task Several_bad_fields_are_named_together_in_one_problem()
    {
        var response = await RegisterAsync(new
        {
            County = "999999", Kind = QuotaKind.LinkageSurplus, Name = "", LandSource = LandSource.UnusedLand, SlopeDegrees = 95m,
            InEcologicalRedLine = false, Planned = new Measures(1, 1, 0),
        });
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "county", "name", "slopeDegrees", "planned");
    }

    public static TheoryData<string, string, string> BadCommandAmounts => new()
    {
        // path, body, field
        { Transfers, """{"from":"150102","to":"150103","kind":"linkage_surplus","amount":{"area":1,"grainCapacity":5,"paddyArea":0},"reason":"r"}""", "amount" },
        { Transfers, """{"from":"150102","to":"150103","kind":"replenishment","amount":{"area":0,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "amount" },
        { Transfers, """{"from":"150102","to":"150102","kind":"replenishment","amount":{"area":1,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "to" },
        { Transfers, """{"from":"150102","to":"150103","kind":"gold","amount":{"area":1,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "kind" },
        { Links, """{"county":"150102","kind":"linkage_surplus","approvalReference":"a","occupied":{"area":1,"grainCapacity":0,"paddyArea":2},"reason":"r"}""", "occupied" },
        { Links, """{"county":"150102","kind":"replenishment","approvalReference":"a","occupied":{"area":-1,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "occupied" },
        { Links, """{"county":"150102","kind":"replenishment","approvalReference":"a","occupied":{"area":1,"grainCapacity":0,"paddyArea":0},"amount":{"area":1.12345,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "amount" },
        { Links, """{"county":"150100","kind":"replenishment","approvalReference":"a","occupied":{"area":1,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "county" },
        { Freezes, """{"holder":"150102","kind":"replenishment","reason":"r","amount":{"area":1,"grainCapacity":0,"paddyArea":0}}""", "amount" },
        { Freezes, """{"holder":"990000","kind":"replenishment","reason":"r"}""", "holder" },
        { Deductions, """{"county":"150102","kind":"replenishment","amount":{"area":0,"grainCapacity":0,"paddyArea":0},"commitmentReference":"c","reason":"r"}""", "amount" },
        { Deductions, """{"county":"150102","kind":"replenishment","amount":{"area":1e15,"grainCapacity":0,"paddyArea":0},"commitmentReference":"c","reason":"r"}""", "amount" },
        { Deductions, """{"county":"150102","kind":"replenishment","amount":{"area":1,"grainCapacity":0,"paddyArea":0},"commitmentReference":"","reason":""}""", "commitmentReference" },
    };

    [Theory]
    [MemberData(nameof(BadCommandAmounts))]
    public async Task A_command_with_a_bad_field_is_a_400_naming_it_and_the_balances_stay(string path, string body, string field)
    {
        await api.IssueLotAsync(County, QuotaKind.Replenishment, Replenishment(10, 100, 1));
        var client = path is Freezes or Deductions ? api.Centre() : county;
        var balances = await api.Centre().BalanceAsync(County, QuotaKind.Replenishment);
        var response = await NothingWrittenAsync(() => client.PostRawAsync(path, body));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field == "kind" ? "malformed-request" : "validation", field);
        Assert.Equal(balances, await api.Centre().BalanceAsync(County, QuotaKind.Replenishment));
        Assert.NotNull(problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/v1/holders/999999/balances", "holder")]
    [InlineData("/api/v1/holders/150102/history?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    [InlineData("/api/v1/holders/150102/lots?kind=gold", "kind")]
    [InlineData("/api/v1/projects?limit=0", "limit")]
    [InlineData("/api/v1/projects?holder=12", "holder")]
    public async Task A_query_with_a_bad_parameter_is_a_400_naming_it(string url, string field)
    {
        var response = await api.Centre().GetAsync(url);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", field);
    }

    [Fact]
    public async Task An_unreadable_as_of_is_a_400()
    {
        var response = await api.Centre().GetAsync("/api/v1/holders/150102/balances?asOf=yesterday");
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad-request");
    }
}
