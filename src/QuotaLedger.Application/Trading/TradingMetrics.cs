using System.Diagnostics.Metrics;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Trading;

/// <summary>
/// Trading's closes and defaults (meter <see cref="CommandGroups.MeterName"/>), counted from the events of commands that
/// committed, whichever command recorded them (the trading clock's close, a bid or order that sold a listing out, a
/// termination): <c>quotaledger.listings.closed</c> by <c>outcome</c> (<c>sold</c>: trading closed with winners;
/// <c>unsold</c>; <c>terminated</c>; <c>withdrawn</c>), and <c>quotaledger.deals.defaulted</c>.
/// </summary>
public sealed class TradingMetrics
{
    private readonly Counter<long> listingsClosed;
    private readonly Counter<long> dealsDefaulted;

    public TradingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(CommandGroups.MeterName);
        listingsClosed = meter.CreateCounter<long>("quotaledger.listings.closed", unit: "{listing}",
            description: "Listings that ended, by outcome: sold, unsold, terminated, withdrawn.");
        dealsDefaulted = meter.CreateCounter<long>("quotaledger.deals.defaulted", unit: "{deal}",
            description: "Deals defaulted: a payment deadline passed unpaid.");
    }

    /// <summary>Counts what <paramref name="committed"/>, the events of one committed command, closed or defaulted.</summary>
    public void Count(IReadOnlyList<IDomainEvent> committed)
    {
        foreach (var e in committed)
        {
            if (e is DealDefaulted) dealsDefaulted.Add(1);
            else if (OutcomeOf(e) is { } outcome) listingsClosed.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private static string? OutcomeOf(IDomainEvent e) => e switch
    {
        ListingProvisionallyAwarded => "sold",
        ListingNotSold => "unsold",
        ListingTerminated => "terminated",
        ListingWithdrawn => "withdrawn",
        _ => null,
    };
}
