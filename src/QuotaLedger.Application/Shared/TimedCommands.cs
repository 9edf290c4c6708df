using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Shared;

/// <summary>How often <see cref="TimedCommands"/> looks for commands that are due.</summary>
public sealed class TimedCommandsOptions
{
    public const string Section = "TimedCommands";

    /// <summary>Seconds between two looks; 0 runs no loop (the tests drive <see cref="TimedCommands.RunDueAsync"/> themselves).</summary>
    public int PeriodSeconds { get; set; } = 5;
}

/// <summary>A module's timed work: the commands due at a moment, each sent under <see cref="Actor"/>.</summary>
public interface IDueCommands
{
    Actor Actor { get; }

    /// <summary>The commands due at <paramref name="now"/>, read from the documents; each decides again under its own lock.</summary>
    Task<IReadOnlyList<IRequest<CommandResult>>> DueAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct);
}

/// <summary>
/// The one loop that sends every module's timed commands (<see cref="IDueCommands"/>) when they are due by the
/// injected <see cref="TimeProvider"/>. Each command decides under its aggregate's lock and refuses or skips what
/// already happened, so with several service instances each happens once, and one missed while the service was down
/// (or rolled back by a crash) happens at its next look, dated by the clock's now and recording when it was due.
/// </summary>
public sealed class TimedCommands(
    IServiceScopeFactory scopes, IDocumentStore store, TimeProvider clock, IEnumerable<IDueCommands> sources,
    IOptions<TimedCommandsOptions> options, ILogger<TimedCommands> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (options.Value.PeriodSeconds <= 0) return;
        // Real time between looks: what is due is judged by the injected clock, which a test may hold still.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PeriodSeconds));
        do
        {
            try
            {
                await RunDueAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "The timed commands could not run what is due; they are tried again in {Period} s.", options.Value.PeriodSeconds);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>
    /// Sends every command due now, source by source. One that another instance (or a user's own command) carried out
    /// first records nothing, or is refused as no longer possible; either way nothing is left to do.
    /// </summary>
    public async Task RunDueAsync(CancellationToken ct)
    {
        foreach (var source in sources)
        foreach (var command in await DueAsync(source, ct))
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<RequestContext>();
            context.Actor = source.Actor;
            // As for a request: the command's log lines name the correlation id its events carry.
            using var logScope = context.BeginLogScope(logger);
            try
            {
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, ct);
            }
            catch (RuleViolationException e)
            {
                logger.LogDebug("{Command} was not needed: {Reason}", command.GetType().Name, e.Message);
            }
        }
    }

    private async Task<IReadOnlyList<IRequest<CommandResult>>> DueAsync(IDueCommands source, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await source.DueAsync(session, clock.GetUtcNow(), ct);
    }
}
