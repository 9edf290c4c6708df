using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

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

    /// <summary>A valid registration body with members replaced by raw JSON values, or left out where the value is null.</summary>
    private static string Registration(params (string Member, string? Json)[] changes)
    {
        var body = new Dictionary<string, string?>
        {
            ["county"] = "\"150102\"", ["kind"] = "\"replenishment\"", ["name"] = "\"x\"", ["landSource"] = "\"farmland_consolidation\"",
            ["slopeDegrees"] = "1", ["inEcologicalRedLine"] = "false", ["planned"] = """{"area":1,"grainCapacity":0,"paddyArea":0}""",
        };
        foreach (var (member, json) in changes) body[member] = json;
        return "{" + string.Join(",", body.Where(p => p.Value is not null).Select(p => $"\"{p.Key}\":{p.Value}")) + "}";
    }

    private static string FirstError(System.Text.Json.JsonElement problem, string field) =>
        problem.GetProperty("errors").EnumerateObject().First(e => e.Name == field).Value[0].GetString()!;

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
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request");
    }

    [Fact]
    public async Task A_command_without_a_body_is_a_400_saying_a_json_body_is_needed()
    {
        var response = await county.PostAsync("/api/v1/transfers", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "body");
        Assert.Contains("JSON body", FirstError(problem, "body"));
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

    public static TheoryData<string, string, string, string, string> BadAmounts => new()
    {
        // kind, area, grain capacity, paddy area, the field named
        { "replenishment", "0", "0", "0", "planned" },
        { "replenishment", "-1", "0", "0", "planned.area" },
        { "replenishment", "1", "-0.01", "0", "planned.grainCapacity" },
        { "replenishment", "1.00001", "0", "0", "planned.area" },         // area beyond 4 decimals is refused, not rounded (R1)
        { "replenishment", "1", "0.001", "0", "planned.grainCapacity" },  // grain capacity beyond 2 decimals
        { "replenishment", "1", "0", "0.00001", "planned.paddyArea" },
        { "replenishment", "2000000000.0001", "0", "0", "planned.area" }, // more than the region's land
        { "replenishment", "1", "2000000000000.01", "0", "planned.grainCapacity" },
        { "linkage_surplus", "1", "10", "0", "planned.grainCapacity" },   // grain capacity on a linkage quota
        { "linkage_surplus", "1", "0", "0.5", "planned.paddyArea" },      // paddy area on a linkage quota
    };

    [Theory]
    [MemberData(nameof(BadAmounts))]
    public async Task An_amount_that_does_not_fit_its_kind_is_a_400_naming_the_measure(string kind, string area, string grain, string paddy,
        string field)
    {
        var response = await RegisterRawAsync($$$"""
            {"county":"150102","kind":"{{{kind}}}","name":"x","landSource":"farmland_consolidation","slopeDegrees":1,
             "inEcologicalRedLine":false,"planned":{"area":{{{area}}},"grainCapacity":{{{grain}}},"paddyArea":{{{paddy}}}}}
            """);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", field);
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
        var response = await RegisterRawAsync(Registration((field, value)));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", field);
    }

    [Theory]
    [InlineData("kind", "\"Replenishment\"")]
    [InlineData("kind", "\"REPLENISHMENT\"")]
    [InlineData("kind", "\" replenishment \"")]
    [InlineData("kind", "\"LinkageSurplus\"")]
    [InlineData("kind", "\"replenishment, linkage_surplus\"")] // was read as linkage_surplus: the two values or-ed
    [InlineData("kind", "\"0\"")]
    [InlineData("kind", "0")]
    [InlineData("kind", "null")]
    [InlineData("landSource", "\"UnusedLand\"")]
    [InlineData("landSource", "\"Unused_Land\"")]
    [InlineData("landSource", "\"unused_land, filled_lake\"")]   // was read as filled_lake
    public async Task An_enum_value_in_any_but_its_documented_spelling_is_a_400_listing_the_allowed_values(string field, string value)
    {
        var response = await RegisterRawAsync(Registration((field, value)));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", field);
        var allowed = field == "kind"
            ? "replenishment, linkage_surplus"
            : "unused_land, construction_land_reclamation, mine_wasteland_reclamation, farmland_consolidation, rural_homestead_reclamation, " +
              "severely_desertified_land, illegally_cleared_forest_or_grassland, filled_lake, river_beach, filled_wetland, steep_slope";
        Assert.Contains(allowed, FirstError(problem, field));
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

    public static TheoryData<string, string[]> BodiesMissingMembers => new()
    {
        { Registration(("planned", null)), ["planned"] },
        { Registration(("kind", null), ("inEcologicalRedLine", null)), ["kind", "inEcologicalRedLine"] },
        { Registration(("planned", """{"area":1}""")), ["planned.grainCapacity", "planned.paddyArea"] }, // were read as 0
        { Registration(("county", null), ("colour", "\"green\"")), ["county", "colour"] },
    };

    [Theory]
    [MemberData(nameof(BodiesMissingMembers))]
    public async Task A_missing_required_member_is_a_400_naming_it_by_its_path(string json, string[] fields)
    {
        var response = await RegisterRawAsync(json);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", fields);
        Assert.Equal(fields.Order(), problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Theory]
    [InlineData("""{"from":"150102","to":"150103","kind":"replenishment","reason":"r"}""", "amount")]
    [InlineData("""{"from":"150102","to":"150103","kind":"replenishment","amount":{"area":1,"paddyArea":0},"reason":"r"}""", "amount.grainCapacity")]
    public async Task A_command_missing_a_member_is_a_400_naming_it_and_the_balances_stay(string body, string field)
    {
        await api.IssueLotAsync(County, QuotaKind.Replenishment, Replenishment(10, 100, 1));
        var balances = await api.Centre().BalanceAsync(County, QuotaKind.Replenishment);
        var response = await NothingWrittenAsync(() => county.PostRawAsync(Transfers, body));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", field);
        Assert.Equal(balances, await api.Centre().BalanceAsync(County, QuotaKind.Replenishment));
    }

    public static TheoryData<string, string> OverPreciseMeasures => new()
    {
        // planned measures, the measure named
        { """{"area":1e-40,"grainCapacity":0,"paddyArea":0}""", "planned.area" },                        // was read as 0
        { """{"area":1,"grainCapacity":0,"paddyArea":1e-40}""", "planned.paddyArea" },                   // was read as 0, and accepted
        { """{"area":1.00000000000000000000000000001,"grainCapacity":0,"paddyArea":0}""", "planned.area" }, // was read as 1
        { """{"area":1,"grainCapacity":9.9999999999999999999999999999,"paddyArea":0}""", "planned.grainCapacity" }, // was read as 10
        { """{"area":0.000001,"grainCapacity":0,"paddyArea":0}""", "planned.area" },
        { """{"area":1E-5,"grainCapacity":0,"paddyArea":0}""", "planned.area" },
        { """{"area":123456e-9,"grainCapacity":0,"paddyArea":0}""", "planned.area" },
        { """{"area":1,"grainCapacity":1e-3,"paddyArea":0}""", "planned.grainCapacity" },
    };

    [Theory]
    [MemberData(nameof(OverPreciseMeasures))]
    public async Task A_measure_with_more_decimals_than_it_keeps_is_a_400_naming_it_whatever_the_notation(string planned, string field)
    {
        var response = await RegisterRawAsync(Registration(("planned", planned)));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", field);
        Assert.Contains("decimal places", FirstError(problem, field));
    }

    [Theory]
    [InlineData("1e30")]                           // beyond decimal
    [InlineData("-1e30")]
    [InlineData("79228162514264337593543950336")] // the largest decimal plus one
    [InlineData("1e999999999999")]
    [InlineData("1e28")]                           // a decimal, but more land than the region has
    public async Task A_measure_beyond_any_quota_is_a_400_naming_it(string area)
    {
        var response = await RegisterRawAsync(Registration(("planned", $$"""{"area":{{area}},"grainCapacity":0,"paddyArea":0}""")));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "planned.area");
    }

    [Fact]
    public async Task A_slope_just_over_fifteen_degrees_is_not_rounded_down_to_fifteen()
    {
        var response = await RegisterRawAsync(Registration(("slopeDegrees", "15.00000000000000000000000000001")));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "slopeDegrees");
    }

    [Theory]
    [InlineData("""{"area":10.00001,"grainCapacity":0,"paddyArea":0}""", "verified.area")]
    [InlineData("""{"area":10,"grainCapacity":0.001,"paddyArea":0}""", "verified.grainCapacity")]
    [InlineData("""{"area":10,"grainCapacity":0,"paddyArea":1e-40}""", "verified.paddyArea")]
    public async Task A_verified_measure_with_more_decimals_than_it_keeps_is_a_400_naming_it(string verified, string field)
    {
        var project = await county.RegisterProjectAsync(County, QuotaKind.Replenishment, Replenishment(10, 0, 0));
        var accepted = api.Clock.Today.AddDays(-20).ToString("yyyy-MM-dd");
        var response = await NothingWrittenAsync(() => county.PostRawAsync(StorageApplications, $$"""
            {"projectId":"{{project}}","verified":{{verified}},"qualityGrade":5,"acceptedOn":"{{accepted}}","landTypeChangedOn":"{{accepted}}"}
            """));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", field);
    }

    [Fact]
    public async Task Text_with_a_nul_character_is_a_400_naming_the_field_not_a_500()
    {
        var response = await RegisterRawAsync(Registration(("name", "\"Tumed\\u0000east\"")));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "name");
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
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "county", "name", "slopeDegrees", "planned.grainCapacity");
    }

    public static TheoryData<string, string, string> BadCommandAmounts => new()
    {
        // path, body, field
        { Transfers, """{"from":"150102","to":"150103","kind":"linkage_surplus","amount":{"area":1,"grainCapacity":5,"paddyArea":0},"reason":"r"}""", "amount.grainCapacity" },
        { Transfers, """{"from":"150102","to":"150103","kind":"replenishment","amount":{"area":0,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "amount" },
        { Transfers, """{"from":"150102","to":"150103","kind":"replenishment","amount":{"area":1e-40,"grainCapacity":10,"paddyArea":0},"reason":"r"}""", "amount.area" },
        { Transfers, """{"from":"150102","to":"150103","kind":"replenishment","amount":{"area":1,"grainCapacity":0,"paddyArea":0},"reason":"r\u0000"}""", "reason" },
        { Transfers, """{"from":"150102","to":"150102","kind":"replenishment","amount":{"area":1,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "to" },
        { Transfers, """{"from":"150102","to":"150103","kind":"gold","amount":{"area":1,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "kind" },
        { Links, """{"county":"150102","kind":"linkage_surplus","approvalReference":"a","occupied":{"area":1,"grainCapacity":0,"paddyArea":2},"reason":"r"}""", "occupied.paddyArea" },
        { Links, """{"county":"150102","kind":"replenishment","approvalReference":"a","occupied":{"area":-1,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "occupied.area" },
        { Links, """{"county":"150102","kind":"replenishment","approvalReference":"a","occupied":{"area":1,"grainCapacity":0,"paddyArea":0},"amount":{"area":1.12345,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "amount.area" },
        { Links, """{"county":"150100","kind":"replenishment","approvalReference":"a","occupied":{"area":1,"grainCapacity":0,"paddyArea":0},"reason":"r"}""", "county" },
        { Freezes, """{"holder":"150102","kind":"replenishment","reason":"r","amount":{"area":1,"grainCapacity":0,"paddyArea":0}}""", "amount" },
        { Freezes, """{"holder":"990000","kind":"replenishment","reason":"r"}""", "holder" },
        { Deductions, """{"county":"150102","kind":"replenishment","amount":{"area":0,"grainCapacity":0,"paddyArea":0},"commitmentReference":"c","reason":"r"}""", "amount" },
        { Deductions, """{"county":"150102","kind":"replenishment","amount":{"area":1e15,"grainCapacity":0,"paddyArea":0},"commitmentReference":"c","reason":"r"}""", "amount.area" },
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
