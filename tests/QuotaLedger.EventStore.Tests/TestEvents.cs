using System.Text.Json;
using Npgsql;
using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

/// <summary>Marker of the test events, registered with <see cref="EventTypeRegistry.RegisterAll{TMarker}"/>.</summary>
public interface ITestEvent;

public sealed record QuotaGranted(string Holder, decimal Tonnes);
public sealed record QuotaConsumed(string Holder, decimal Tonnes, string? Note);
public sealed record StorageSiteSuspended(string Site);

// RegisterAll only takes concrete types assignable to the marker.
public sealed record MarkedQuotaGranted(string Holder, decimal Tonnes) : ITestEvent;
public sealed record CarbonLotTransferredToProject(Guid Lot, int Units) : ITestEvent;
public abstract record AbstractMarkedEvent : ITestEvent;

/// <summary>An event type that no registry knows.</summary>
public sealed record UnregisteredEvent(string What);

public static class TestStore
{
    public const string StreamType = "quota_account";

    public static EventTypeRegistry Registry() =>
        new EventTypeRegistry(new JsonSerializerOptions(JsonSerializerDefaults.Web))
            .Register(typeof(QuotaGranted), "quota_granted")
            .Register(typeof(QuotaConsumed), "quota_consumed")
            .Register(typeof(StorageSiteSuspended), "storage_site_suspended");

    public static PostgresEventStore Store(NpgsqlDataSource dataSource, params IInlineProjection[] inline) =>
        new(dataSource, Registry(), inline);

    public static EventMetadata Metadata(string actor = "alice@example.org", string organisation = "org-1",
        string? reason = "test", Guid? correlationId = null, DateTimeOffset? at = null, Guid? causationId = null) =>
        new(actor, organisation, at ?? DateTimeOffset.UtcNow, reason, correlationId ?? Guid.NewGuid(), causationId);

    /// <summary>Appends to a stream in a session of its own and commits; returns the recorded events.</summary>
    public static async Task<IReadOnlyList<RecordedEvent>> AppendCommittedAsync(
        IEventStore store, Guid streamId, long expectedVersion, params object[] events)
    {
        await using var session = await store.OpenSessionAsync(CancellationToken.None);
        session.Append(streamId, StreamType, expectedVersion, events);
        var recorded = await session.SaveChangesAsync(Metadata(), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return recorded;
    }

    public static async Task<long> MaxSequenceAsync(PostgresDatabase db) =>
        await db.ScalarAsync<long>("SELECT coalesce(max(seq_id), 0) FROM ql_events");

    /// <summary>
    /// Waits until every transaction of the cluster that was running now has ended (bounded): the high-water mark
    /// skips a hole only then, and the snapshot horizon is cluster-wide, so another test's open transaction counts.
    /// </summary>
    public static async Task WaitForOlderTransactionsToEndAsync(PostgresDatabase db)
    {
        var horizon = await db.ScalarAsync<long>("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await db.ScalarAsync<long>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint") < horizon)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Another transaction of the cluster stays open.");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the backend <paramref name="pid"/> is blocked on a lock (bounded).</summary>
    public static async Task WaitUntilBlockedOnLockAsync(PostgresDatabase db, int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await db.ScalarAsync<string>("SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1", pid) != "Lock")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Backend {pid} never waited on a lock.");
            await Task.Delay(10);
        }
    }
}
