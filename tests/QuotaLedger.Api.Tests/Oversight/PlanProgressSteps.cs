using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Oversight.PlanTargets;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Progress;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>The steps of plan targets and progress (R10), each one request that must succeed.</summary>
public static class PlanProgressSteps
{
    public const string TargetsPath = "/api/v1/oversight/plan-targets";
    public const string Progress = "/api/v1/oversight/progress";

    public static string Overview(string prefecture) => $"/api/v1/oversight/prefectures/{prefecture}/overview";

    public static string At(DateTimeOffset moment) => Uri.EscapeDataString(moment.ToString("O"));

    /// <summary>The counties of a prefecture, by code.</summary>
    public static string[] CountiesOf(string prefecture) =>
        RegionCatalog.InnerMongolia.All.Where(r => r.ParentCode == prefecture && r.Level == RegionLevel.County)
            .Select(r => r.Code).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// A county registers a project and files its acceptance of <paramref name="acceptedOn"/> (the land type changed a
    /// week before); the centre approves. Answers the application and the lot it issued.
    /// </summary>
    public static async Task<(Guid Application, Guid Lot)> IssueAcceptedOnAsync(this LedgerApi api, string county, QuotaKind kind, Measures amount,
        DateOnly acceptedOn)
    {
        var client = api.County(county);
        var project = await client.RegisterProjectAsync(county, kind, amount);
        var response = await client.PostJsonAsync(Steps.StorageApplications,
            Steps.StorageBody(project, amount, kind == QuotaKind.Replenishment ? 5 : null, acceptedOn, acceptedOn.AddDays(-7)));
        var application = (await response.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
        return (application, await api.Centre().ApproveStorageAsync(application));
    }

    /// <summary>Replenishment quota of an area, with grain capacity and paddy area in proportion; linkage surplus carries area only.</summary>
    public static Measures AmountOf(QuotaKind kind, decimal area) =>
        kind == QuotaKind.Replenishment ? new Measures(area, area * 100, area / 10) : new Measures(area, 0, 0);

    public static object TargetBody(QuotaKind kind, string prefecture, string period, decimal amount, DateOnly effectiveFrom,
        string reason = "the centre's plan", string unit = "mu") =>
        new { Kind = kind, Prefecture = prefecture, Period = period, Unit = unit, Amount = amount, EffectiveFrom = effectiveFrom, Reason = reason };

    public static async Task<CommandResult> AddTargetAsync(this HttpClient centre, QuotaKind kind, string prefecture, string period, decimal amount,
        DateOnly effectiveFrom, string reason = "the centre's plan") =>
        await (await centre.PostJsonAsync(TargetsPath, TargetBody(kind, prefecture, period, amount, effectiveFrom, reason))).ReadAsync<CommandResult>();

    public static async Task<CommandResult> AmendTargetAsync(this HttpClient centre, QuotaKind kind, string prefecture, string period, decimal amount,
        DateOnly effectiveFrom, string reason = "the plan was revised") =>
        await (await centre.PostJsonAsync($"{TargetsPath}/amendments", TargetBody(kind, prefecture, period, amount, effectiveFrom, reason)))
            .ReadAsync<CommandResult>();

    public static Task<PlanTargetsView> TargetsAsync(this HttpClient client, DateTimeOffset? asOf = null) =>
        client.GetAsync<PlanTargetsView>(asOf is { } at ? $"{TargetsPath}?asOf={At(at)}" : TargetsPath);

    public static Task<PlanProgress> ProgressAsync(this HttpClient client, string period, string? prefecture = null, QuotaKind? kind = null,
        DateTimeOffset? asOf = null) =>
        client.GetAsync<PlanProgress>(ProgressUrl(period, prefecture, kind, asOf));

    public static string ProgressUrl(string period, string? prefecture = null, QuotaKind? kind = null, DateTimeOffset? asOf = null) =>
        $"{Progress}?period={period}"
        + (prefecture is null ? "" : $"&prefecture={prefecture}")
        + (kind is null ? "" : $"&kind={Spelling.Of(kind.Value)}")
        + (asOf is { } at ? $"&asOf={At(at)}" : "");

    public static PrefectureProgress Row(this PlanProgress report, string prefecture, QuotaKind kind) =>
        report.Prefectures.Single(r => r.Prefecture == prefecture && r.Kind == kind);

    public static ProgressTotal Total(this PlanProgress report, QuotaKind kind) => report.Totals.Single(t => t.Kind == kind);
}
