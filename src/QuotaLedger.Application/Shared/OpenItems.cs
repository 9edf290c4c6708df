using System.Diagnostics;
using System.Diagnostics.Metrics;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// <c>quotaledger.open_items</c> (meter <see cref="CommandGroups.MeterName"/>): the items waiting for someone's decision,
/// by <c>item</c>: <c>storage_application_pending</c>, <c>transfer_pending</c>, <c>listing_under_review</c>,
/// <c>deposit_declared</c> (not yet confirmed received), <c>deal_awaiting_payment</c> and <c>commitment_overdue</c>
/// (pending past its due date, not yet deducted). Counted from the aggregates' documents by one query when the metrics are
/// collected, at most every few seconds; a database that is slow or down gives no series at all, never a stale count or
/// a failed scrape.
/// </summary>
public sealed class OpenItems
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    /// <summary>How long a scrape waits for the counts: Prometheus's own timeout is 10 s by default.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider clock;
    private readonly ILogger<OpenItems> logger;
    private readonly string sql;
    private readonly Lock gate = new();
    private long readAt;
    private Measurement<long>[]? counts;

    public OpenItems(IMeterFactory meters, IDocumentStore store, NpgsqlDataSource dataSource, TimeProvider clock, ILogger<OpenItems> logger)
    {
        this.dataSource = dataSource;
        this.clock = clock;
        this.logger = logger;
        string Table<T>() where T : class, IAggregate<T> =>
            store.Options.AllKnownDocumentTypes().Single(d => d.DocumentType == typeof(AggregateDocument<T>)).TableName.QualifiedName;
        string Status<T>(T status) where T : struct, Enum => $"data -> 'state' ->> 'status' = '{Spelling.Of(status)}'";
        // ISO dates compare as text, as OverdueCommitments finds them.
        sql = $"""
            SELECT 'storage_application_pending', count(*) FROM {Table<StorageApplication>()} WHERE {Status(ApplicationStatus.Pending)}
            UNION ALL SELECT 'transfer_pending', count(*) FROM {Table<Transfer>()} WHERE {Status(TransferStatus.Pending)}
            UNION ALL SELECT 'listing_under_review', count(*) FROM {Table<Listing>()} WHERE {Status(ListingStatus.UnderReview)}
            UNION ALL SELECT 'deposit_declared', count(*) FROM {Table<Deposit>()} WHERE {Status(DepositStatus.Declared)}
            UNION ALL SELECT 'deal_awaiting_payment', count(*) FROM {Table<Deal>()} WHERE {Status(DealStatus.AwaitingPayment)}
            UNION ALL SELECT 'commitment_overdue', count(*) FROM {Table<ReclamationCommitment>()}
                WHERE {Status(CommitmentStatus.Pending)} AND data -> 'state' ->> 'dueOn' < $1
            """;
        meters.Create(CommandGroups.MeterName).CreateObservableGauge("quotaledger.open_items", Observe, unit: "{item}",
            description: "Items waiting for a decision, by item.");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        lock (gate)
        {
            // Measured on the machine's own clock: the service's (TimeProvider) says only which day it is.
            if (counts is null || Stopwatch.GetElapsedTime(readAt) >= Fresh)
            {
                counts = Read();
                readAt = Stopwatch.GetTimestamp();
            }
            return counts;
        }
    }

    /// <summary>
    /// Blocks the collection for at most <see cref="Patience"/>: an observable instrument's callback is synchronous.
    /// </summary>
    private Measurement<long>[] Read()
    {
        try
        {
            using var patience = new CancellationTokenSource(Patience);
            return ReadAsync(patience.Token).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The open items were not counted");
            return [];
        }
    }

    private async Task<Measurement<long>[]> ReadAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var read = new List<Measurement<long>>();
        while (await reader.ReadAsync(ct))
            read.Add(new Measurement<long>(reader.GetInt64(1), new KeyValuePair<string, object?>("item", reader.GetString(0))));
        return [.. read];
    }
}
