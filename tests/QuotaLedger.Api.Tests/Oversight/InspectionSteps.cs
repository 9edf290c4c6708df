using System.Net;
using System.Text.Json;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>The steps of inspection campaigns, each one request that must succeed.</summary>
public static class InspectionSteps
{
    public const string Campaigns = "/api/v1/oversight/inspection-campaigns";

    public static string Campaign(Guid id) => $"{Campaigns}/{id}";

    /// <summary>A replenishment project of the county, stored: answers the project and the lot its approval issued.</summary>
    public static async Task<(Guid Project, Guid Lot)> StoredProjectAsync(this LedgerApi api, string county, Measures amount)
    {
        var client = api.County(county);
        var project = await client.RegisterProjectAsync(county, QuotaKind.Replenishment, amount);
        var application = await client.SubmitStorageAsync(api, project, QuotaKind.Replenishment, amount);
        return (project, await api.Centre().ApproveStorageAsync(application));
    }

    public static object CampaignBody(CampaignType type, IEnumerable<Guid> projects, string title = "2025 annual imagery check",
        FindingCode finding = FindingCode.Abandonment) =>
        new
        {
            Type = type,
            Title = title,
            Period = new { From = new DateOnly(2025, 1, 1), To = new DateOnly(2025, 12, 31) },
            Problems = projects.Select(p => new { ProjectId = p, SuspectedArea = 5m, Finding = finding }).ToArray(),
        };

    public static async Task<Guid> CreateCampaignAsync(this HttpClient centre, CampaignType type, IEnumerable<Guid> projects,
        string title = "2025 annual imagery check") =>
        (await (await centre.PostJsonAsync(Campaigns, CampaignBody(type, projects, title))).ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;

    public static async Task<ResourceView<InspectionCampaign>> CampaignAsync(this HttpClient client, Guid id) =>
        await client.GetAsync<ResourceView<InspectionCampaign>>(Campaign(id));

    public static async Task<FieldSample> DrawSampleAsync(this HttpClient centre, Guid campaign, long seed)
    {
        await (await centre.PostJsonAsync($"{Campaign(campaign)}/sample", new { Seed = seed })).ReadAsync<CommandResult>();
        return (await centre.CampaignAsync(campaign)).Resource.Sample!;
    }

    public static async Task AddToSampleAsync(this HttpClient centre, Guid campaign, Guid project) =>
        await (await centre.PostJsonAsync($"{Campaign(campaign)}/sample/additions", new { ProjectId = project, Reason = "imagery shows bare soil" }))
            .ReadAsync<CommandResult>();

    /// <summary>Draws the sample and adds every project it left out, so that field results can be recorded for all of them.</summary>
    public static async Task SampleAllAsync(this HttpClient centre, Guid campaign, IEnumerable<Guid> projects)
    {
        var sample = await centre.DrawSampleAsync(campaign, seed: 2025);
        foreach (var project in projects.Where(p => !sample.Contains(p))) await centre.AddToSampleAsync(campaign, project);
    }

    public static object Abandoned(Guid project, Measures confirmed) =>
        new { ProjectId = project, Outcome = FieldOutcome.Confirmed, Finding = FindingCode.Abandonment, Confirmed = confirmed };

    public static object Cleared(Guid project) => new { ProjectId = project, Outcome = FieldOutcome.Cleared };

    public static Task<HttpResponseMessage> PostResultsAsync(this HttpClient centre, Guid campaign, params object[] results) =>
        centre.PostJsonAsync($"{Campaign(campaign)}/field-results", new { Results = results });

    public static async Task RecordResultsAsync(this HttpClient centre, Guid campaign, params object[] results) =>
        await (await centre.PostResultsAsync(campaign, results)).ReadAsync<CommandResult>();

    /// <summary>The data of a resource's first event, as stored (a freeze's imposition, a suspension's first decision).</summary>
    public static async Task<JsonElement> HistoryDataAsync(this HttpClient client, string url, int index) =>
        (await client.GetJsonAsync(url)).GetProperty("history")[index].GetProperty("data");

    public static string Suspension(string region) => $"/api/v1/regions/{region}/storage-suspension";
}
