using System.Net;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain;
using QuotaLedger.Domain.Projects;
using QuotaLedger.Domain.Storage;

namespace QuotaLedger.Api.Tests.Support;

/// <summary>The steps a user takes, each one request that must succeed, so that a test reads as the story it tells.</summary>
public static class Steps
{
    public const string Projects = "/api/v1/projects";
    public const string StorageApplications = "/api/v1/storage-applications";
    public const string Transfers = "/api/v1/transfers";
    public const string Freezes = "/api/v1/freezes";

    public static Measures Area(decimal mu) => new(mu, 0, 0);

    public static Measures Replenishment(decimal area, decimal grainCapacity, decimal paddyArea) => new(area, grainCapacity, paddyArea);

    /// <summary>The body of a project registration; tests that break one field start from it.</summary>
    public static object ProjectBody(string county, QuotaKind kind, Measures planned,
        LandSource landSource = LandSource.FarmlandConsolidation, string name = "Tumed farmland consolidation", decimal slopeDegrees = 3) =>
        new { County = county, Kind = kind, Name = name, LandSource = landSource, SlopeDegrees = slopeDegrees, InEcologicalRedLine = false, Planned = planned };

    public static async Task<Guid> RegisterProjectAsync(this HttpClient county, string countyCode, QuotaKind kind, Measures planned,
        LandSource landSource = LandSource.FarmlandConsolidation, string? name = null)
    {
        var response = await county.PostJsonAsync(Projects, ProjectBody(countyCode, kind, planned, landSource, name ?? $"project of {countyCode}"));
        return (await response.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
    }

    public static object StorageBody(Guid projectId, Measures verified, int? qualityGrade, DateOnly acceptedOn, DateOnly landTypeChangedOn) =>
        new { ProjectId = projectId, Verified = verified, QualityGrade = qualityGrade, AcceptedOn = acceptedOn, LandTypeChangedOn = landTypeChangedOn };

    /// <summary>Files the acceptance of a project (land type changed a week before the acceptance, a month ago).</summary>
    public static async Task<Guid> SubmitStorageAsync(this HttpClient county, LedgerApi api, Guid projectId, QuotaKind kind, Measures verified)
    {
        var accepted = api.Clock.Today.AddDays(-30);
        var response = await county.PostJsonAsync(StorageApplications,
            StorageBody(projectId, verified, kind == QuotaKind.Replenishment ? 5 : null, accepted, accepted.AddDays(-7)));
        return (await response.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
    }

    /// <summary>The centre approves; answers the lot the approval issued.</summary>
    public static async Task<Guid> ApproveStorageAsync(this HttpClient centre, Guid applicationId, string reason = "acceptance verified on site")
    {
        await (await centre.PostJsonAsync($"{StorageApplications}/{applicationId}/approve", new { Reason = reason }))
            .ReadAsync<CommandResult>();
        var application = await centre.GetAsync<ResourceView<StorageApplication>>($"{StorageApplications}/{applicationId}");
        Assert.Equal(ApplicationStatus.Approved, application.Resource.Status);
        return application.Resource.LotId ?? throw new Xunit.Sdk.XunitException("The approved application names no lot.");
    }

    /// <summary>Register, submit, approve: a new lot of <paramref name="amount"/> for the county.</summary>
    public static async Task<Guid> IssueLotAsync(this LedgerApi api, string county, QuotaKind kind, Measures amount)
    {
        var countyClient = api.County(county);
        var project = await countyClient.RegisterProjectAsync(county, kind, amount);
        var application = await countyClient.SubmitStorageAsync(api, project, kind, amount);
        return await api.Centre().ApproveStorageAsync(application);
    }

    public static object TransferBody(string from, string to, QuotaKind kind, Measures amount, string reason = "balance inside the prefecture (R6)",
        IReadOnlyList<Guid>? lotIds = null) =>
        lotIds is null
            ? new { From = from, To = to, Kind = kind, Amount = amount, Reason = reason }
            : new { From = from, To = to, Kind = kind, Amount = amount, Reason = reason, LotIds = lotIds };

    public static async Task<Guid> ProposeTransferAsync(this HttpClient client, string from, string to, QuotaKind kind, Measures amount,
        string reason = "balance inside the prefecture (R6)") =>
        (await (await client.PostJsonAsync(Transfers, TransferBody(from, to, kind, amount, reason))).ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;

    public static async Task ApproveTransferAsync(this HttpClient client, Guid transferId, string reason = "approved") =>
        await (await client.PostJsonAsync($"{Transfers}/{transferId}/approve", new { Reason = reason })).ReadAsync<CommandResult>();

    public static object FreezeBody(string holder, QuotaKind kind, Guid? lotId, Measures? amount, string reason = "R5: abandoned farmland over 10%") =>
        new { Holder = holder, Kind = kind, Reason = reason, LotId = lotId, Amount = amount };

    public static async Task<Guid> FreezeAsync(this HttpClient centre, string holder, QuotaKind kind, Guid? lotId, Measures? amount,
        string reason = "R5: abandoned farmland over 10%") =>
        (await (await centre.PostJsonAsync(Freezes, FreezeBody(holder, kind, lotId, amount, reason))).ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;

    public static async Task LiftFreezeAsync(this HttpClient centre, Guid freezeId, string reason = "rectification confirmed") =>
        await (await centre.PostJsonAsync($"{Freezes}/{freezeId}/lift", new { Reason = reason })).ReadAsync<CommandResult>();
}
