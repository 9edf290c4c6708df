using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using QuotaLedger.Store.Tests.Support;
using Weasel.Postgresql.Tables;

namespace QuotaLedger.Store.Tests;

/// <summary>
/// An asynchronous read model with one row per event, keyed by its sequence number: an event applied twice breaks the
/// primary key (and stops the projection), one never applied is a missing row.
/// </summary>
public sealed class EventLogProjection : IProjection
{
    public const string Name = "EventLog";
    public const string Table = "ql_test_event_log";

    public static Table Schema()
    {
        var table = new Table(MartenSetup.ObjectName(Table));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn<Guid>("stream_id").NotNull();
        return table;
    }

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        operations.QueueSqlCommand(
            $"INSERT INTO {MartenSetup.Schema}.{Table} (seq_id, stream_id) SELECT * FROM unnest(?::bigint[], ?::uuid[])",
            events.Select(e => e.Sequence).ToArray(), events.Select(e => e.StreamId).ToArray());
        return Task.CompletedTask;
    }
}

/// <summary>Two instances of the service on one database, as in production: one runs the async projections at a time.</summary>
public sealed class DaemonTests
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(20);

    private static void Projections(StoreOptions opts)
    {
        opts.Projections.Add(new EventLogProjection(), ProjectionLifecycle.Async, EventLogProjection.Name);
        opts.Storage.ExtendedSchemaObjects.Add(EventLogProjection.Schema());
    }

    [Fact]
    public async Task Of_two_instances_one_applies_every_event_once_and_the_other_takes_over_when_it_stops()
    {
        await using var db = await LedgerDatabase.CreateAsync(Projections);
        await using var a = new LedgerHost(db, "instance-a");
        await using var b = new LedgerHost(db, "instance-b");
        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        // Both instances take commands at once, several at a time each, so commits land out of sequence order.
        await Task.WhenAll(AppendFromAsync(a, writers: 3, sessions: 10), AppendFromAsync(b, writers: 3, sessions: 10));
        await CaughtUpAsync(db);
        // Marten's HotCold takes a lock per projection: each runs on one instance at a time, not necessarily the same.
        var before = await DaemonLocksAsync(db);
        Assert.NotEmpty(before);
        var (stopped, survivor) = before.Any(l => l.Instance == a.Name) ? (a, b) : (b, a);

        await stopped.StopAsync();
        await AppendFromAsync(survivor, writers: 2, sessions: 5);

        await CaughtUpAsync(db);
        var after = await DaemonLocksAsync(db);
        Assert.Equal(before.Select(l => l.Lock).Order(), after.Select(l => l.Lock).Order());
        Assert.All(after, l => Assert.Equal(survivor.Name, l.Instance));
    }

    /// <summary>Every event applied exactly once, every one sealed, and nothing for the verifier to find.</summary>
    private static async Task CaughtUpAsync(LedgerDatabase db)
    {
        await db.WaitForShardAsync($"{EventLogProjection.Name}:All", CatchUp);
        await db.WaitForShardAsync(Sealer.ShardName, CatchUp);
        Assert.Equal(await db.ColumnAsync<long>("SELECT seq_id FROM mt_events ORDER BY seq_id"),
            await db.ColumnAsync<long>($"SELECT seq_id FROM {EventLogProjection.Table} ORDER BY seq_id"));
        Assert.Equal(await db.MaxSequenceAsync(), await db.ScalarAsync<long>("SELECT max(to_seq) FROM ql_seals"));
        Assert.Empty(await db.Verifier.VerifyAsync(CancellationToken.None));
    }

    private static Task AppendFromAsync(LedgerHost host, int writers, int sessions) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var stream = Guid.NewGuid();
            await host.Store.AppendCommittedAsync(stream, 0, new QuotaGranted($"{host.Name}-{w}", 1m));
            for (var version = 1L; version < 2 * sessions - 1; version += 2)
                await host.Store.AppendCommittedAsync(stream, version, new QuotaConsumed($"{host.Name}-{w}", 0.01m, null),
                    new QuotaConsumed($"{host.Name}-{w}", 0.01m, null));
        })));

    /// <summary>The advisory locks held in the database, and by which instance: the daemon's, once migration is done.</summary>
    private static async Task<List<(string Instance, long Lock)>> DaemonLocksAsync(LedgerDatabase db) =>
        (await db.ColumnAsync<string>("""
            SELECT a.application_name || ' ' || ((l.classid::bigint << 32) | l.objid::bigint)
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
            """))
        .Select(row => row.Split(' ')).Select(parts => (parts[0], long.Parse(parts[1]))).ToList();
}
