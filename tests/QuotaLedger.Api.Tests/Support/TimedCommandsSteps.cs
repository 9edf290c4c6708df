using Microsoft.Extensions.DependencyInjection;
using QuotaLedger.Application.Shared;

namespace QuotaLedger.Api.Tests.Support;

/// <summary>The service's timed work (trading's transitions, overdue commitments), run when a test says so.</summary>
public static class TimedCommandsSteps
{
    /// <summary>What the timed commands do at their next look: every command due by the test's clock, of every module.</summary>
    public static Task RunDueAsync(this LedgerApi api) => api.Services.GetRequiredService<TimedCommands>().RunDueAsync(CancellationToken.None);

    /// <summary>Another instance of the service over the same database, its clock where this one's is.</summary>
    public static LedgerApi SecondInstance(this LedgerApi api, int timedCommandsPeriodSeconds = 0)
    {
        var second = LedgerApi.Over(api.DatabaseName, timedCommandsPeriodSeconds);
        second.Clock.Advance(api.Clock.Now - second.Clock.Now);
        _ = second.Server;
        return second;
    }
}
