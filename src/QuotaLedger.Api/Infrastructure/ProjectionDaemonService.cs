using QuotaLedger.EventStore;

namespace QuotaLedger.Api.Infrastructure;

/// <summary>Hosts the asynchronous projection daemon for the life of the service.</summary>
public sealed class ProjectionDaemonService(ProjectionDaemon daemon, ILogger<ProjectionDaemonService> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        daemon.RunAsync(PollInterval, e => logger.LogWarning(e, "Asynchronous projections will retry"), stoppingToken);
}
