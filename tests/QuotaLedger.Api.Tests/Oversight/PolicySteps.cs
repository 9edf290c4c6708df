using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight;

/// <summary>The steps of dated policy parameters and of R7 under them.</summary>
public static class PolicySteps
{
    public const string PolicyParametersPath = "/api/v1/policy-parameters";

    /// <summary>Moves the service's clock to a day (08:00 UTC), forwards or back: a fixture with no events yet may start in any year.</summary>
    public static void MoveTo(this TestClock clock, DateOnly day) =>
        clock.Advance(new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero) - clock.Now);

    /// <summary>A regime's body: the 2025 reform's parameters under a new id, from a day, with what the test changes.</summary>
    public static Dictionary<string, object?> RegimeBody(string id, DateOnly effectiveFrom, string reason = "a new national notice")
    {
        var reform = PolicyParameters.Reform2025;
        return new Dictionary<string, object?>
        {
            ["id"] = id, ["effectiveFrom"] = effectiveFrom, ["source"] = "自然资发〔2026〕1号",
            ["abandonmentFreezePercent"] = reform.AbandonmentFreezePercent, ["fieldSamplePercent"] = reform.FieldSamplePercent,
            ["patrolForwardDays"] = reform.PatrolForwardDays, ["patrolReportDays"] = reform.PatrolReportDays,
            ["consumption"] = reform.Consumption, ["reason"] = reason,
        };
    }

    public static object LinkBody(string county, string approvalReference, Measures occupied, OccupationType? occupationType) =>
        new
        {
            County = county, Kind = QuotaKind.Replenishment, ApprovalReference = approvalReference, Occupied = occupied,
            Reason = "先补后占: quota held for the land-use approval", OccupationType = occupationType,
        };

    public static async Task<Guid> LinkAsync(this HttpClient county, string countyCode, string approvalReference, Measures occupied,
        OccupationType? occupationType) =>
        (await (await county.PostJsonAsync(Links, LinkBody(countyCode, approvalReference, occupied, occupationType)))
            .ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
}
