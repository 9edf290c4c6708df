using System.Net;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Api.Tests.Support;

/// <summary>The steps a user takes, each one request that must succeed, so that a test reads as the story it tells.</summary>
public static class Steps
{
    public const string Projects = "/api/v1/projects";
    public const string StorageApplications = "/api/v1/storage-applications";
    public const string Transfers = "/api/v1/transfers";
    public const string Freezes = "/api/v1/freezes";
    public const string Links = "/api/v1/links";
    public const string Deductions = "/api/v1/deductions";
    public const string Lots = "/api/v1/lots";
    public static string Holder(string code) => $"/api/v1/holders/{code}";

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

    /// <summary>A link for construction: the regime in force since 2025 (NR-2025) asks every link for its occupation type.</summary>
    public static object LinkBody(string county, QuotaKind kind, string approvalReference, Measures occupied, Measures? amount = null,
        string reason = "先补后占: quota held for the land-use approval") =>
        new
        {
            County = county, Kind = kind, ApprovalReference = approvalReference, Occupied = occupied, Amount = amount, Reason = reason,
            OccupationType = OccupationType.NonFarmConstruction,
        };

    public static async Task<Guid> LinkAsync(this HttpClient county, string countyCode, QuotaKind kind, string approvalReference, Measures occupied,
        string reason = "先补后占: quota held for the land-use approval") =>
        (await (await county.PostJsonAsync(Links, LinkBody(countyCode, kind, approvalReference, occupied, null, reason)))
            .ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;

    public static async Task WriteOffAsync(this HttpClient county, Guid linkId, string reason = "核销: the land-use approval was granted") =>
        await (await county.PostJsonAsync($"{Links}/{linkId}/write-off", new { Reason = reason })).ReadAsync<CommandResult>();

    public static object DeductionBody(string county, QuotaKind kind, Measures amount, string commitmentReference,
        string reason = "R8: reclamation promised by 2025-12-31 is unfinished") =>
        new { County = county, Kind = kind, Amount = amount, CommitmentReference = commitmentReference, Reason = reason };

    public static async Task<Guid> DeductAsync(this HttpClient centre, string county, QuotaKind kind, Measures amount, string commitmentReference,
        string reason = "R8: reclamation promised by 2025-12-31 is unfinished") =>
        (await (await centre.PostJsonAsync(Deductions, DeductionBody(county, kind, amount, commitmentReference, reason)))
            .ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;

    /// <summary>A holder's buckets of one kind, now or as they stood at <paramref name="asOf"/>.</summary>
    public static async Task<BucketTotals> BalanceAsync(this HttpClient client, string holder, QuotaKind kind, DateTimeOffset? asOf = null)
    {
        var url = $"{Holder(holder)}/balances" + (asOf is { } at ? $"?asOf={Uri.EscapeDataString(at.ToString("O"))}" : "");
        var balances = await client.GetAsync<HolderBalances>(url);
        Assert.Equal(holder, balances.Holder);
        return balances.Kinds.Single(k => k.Kind == kind).Buckets;
    }

    /// <summary>Issued + received = available + frozen + reserved + consumed + deducted + sold + transferred out, measure by measure.</summary>
    public static void ShouldBalance(this BucketTotals b)
    {
        Assert.Equal(b.Issued + b.Received, b.Available + b.Frozen + b.Reserved + b.Consumed + b.Deducted + b.Sold + b.TransferredOut);
        Assert.False(b.Available.AnyNegative || b.Frozen.AnyNegative || b.Reserved.AnyNegative, $"a negative bucket: {b}");
    }

    public static async Task<IReadOnlyList<HolderHistoryLine>> HistoryAsync(this HttpClient client, string holder) =>
        (await client.GetAsync<Page<HolderHistoryLine>>($"{Holder(holder)}/history?limit=500")).Items;
}
