using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Application.Trading.Deals;
using QuotaLedger.Application.Trading.Listings;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading;

/// <summary>How often the trading clock looks for transitions that are due.</summary>
public sealed class TradingClockOptions
{
    public const string Section = "TradingClock";

    /// <summary>Seconds between two looks; 0 runs no loop (the tests drive <see cref="TradingClock.RunDueAsync"/> themselves).</summary>
    public int PeriodSeconds { get; set; } = 5;
}

/// <summary>
/// The timed transitions of trading (trading opens, trading closes, a listing concludes, a payment deadline defaults),
/// sent as commands when they are due by the injected <see cref="TimeProvider"/>. Each command decides under its
/// aggregate's lock and refuses what already happened, so with several service instances each transition happens once,
/// and one missed while the service was down happens at its next start, dated when it was due.
/// </summary>
public sealed class TradingClock(
    IServiceScopeFactory scopes, IDocumentStore store, TimeProvider clock, IOptions<TradingClockOptions> options, ILogger<TradingClock> logger)
    : BackgroundService
{
    /// <summary>The actor the timed transitions are recorded under.</summary>
    public static readonly Actor Actor = new("trading-clock", Role.Centre, RegionCatalog.RegionCode);

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
                logger.LogWarning(e, "The trading clock could not run what is due; it tries again in {Period} s.", options.Value.PeriodSeconds);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>
    /// Sends every transition due now. One that another instance (or a buyer's sold-out order, a cap bid) made first
    /// records nothing, or is refused as no longer possible; either way nothing is left to do.
    /// </summary>
    public async Task RunDueAsync(CancellationToken ct)
    {
        foreach (var command in await DueAsync(clock.GetUtcNow(), ct))
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<RequestContext>().Actor = Actor;
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

    private async Task<IReadOnlyList<IRequest<CommandResult>>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        // Only listings and deals that have a transition ahead; the ended ones, which are most, are not read.
        var listings = await session.QueryAsync<AggregateDocument<Listing>>("where data -> 'state' ->> 'status' = ANY(?)", ct,
            [new[] { ListingStatus.Notice, ListingStatus.Trading, ListingStatus.Publicity }.Select(Spelling.Of).ToArray()]);
        var deals = await session.QueryAsync<AggregateDocument<Deal>>("where data -> 'state' ->> 'status' = ?", ct,
            Spelling.Of(DealStatus.AwaitingPayment));
        var due = new List<IRequest<CommandResult>>();
        foreach (var listing in listings.Select(d => d.State))
        {
            if (listing.Status == ListingStatus.Notice && listing.Terms.TradingStart <= now) due.Add(new OpenListingTrading(listing.Id));
            else if (listing.Status == ListingStatus.Trading && listing.ClosesAt <= now) due.Add(new CloseListingTrading(listing.Id));
            else if (listing.Status == ListingStatus.Publicity && listing.PublicityEnds <= now) due.Add(new ConcludeListing(listing.Id));
        }
        foreach (var deal in deals.Select(d => d.State))
            if (deal.Status == DealStatus.AwaitingPayment && deal.NextDeadline <= now) due.Add(new DefaultDeal(deal.Id));
        return due;
    }
}
