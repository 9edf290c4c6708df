using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using QuotaLedger.Store.Tests.Support;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace QuotaLedger.Store.Tests;

/// <summary>
/// An inline read model as the ledger's are built: set-based SQL on Marten's batch, into a table of ours declared to
/// Marten, whose CHECK constraint refuses a negative amount whatever the code does.
/// </summary>
public sealed class TonnesProjection : IProjection
{
    public const string Table = "ql_test_tonnes";
    public const string NotNegative = "ql_test_tonnes_not_negative";

    public static Table Schema()
    {
        var table = new Table(MartenSetup.ObjectName(Table));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn<Guid>("stream_id").NotNull();
        table.AddColumn<string>("type").NotNull();
        table.AddColumn("tonnes", "numeric").NotNull();
        table.CheckConstraints.Add(new TableCheckConstraint(NotNegative, "(tonnes >= (0)::numeric)"));
        return table;
    }

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        operations.QueueSqlCommand($"""
            INSERT INTO {MartenSetup.Schema}.{Table} (seq_id, stream_id, type, tonnes)
            SELECT * FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::numeric[])
            """,
            events.Select(e => e.Sequence).ToArray(), events.Select(e => e.StreamId).ToArray(),
            events.Select(e => e.EventTypeName).ToArray(), events.Select(e => Tonnes(e.Data)).ToArray());
        return Task.CompletedTask;
    }

    private static decimal Tonnes(object data) => data switch
    {
        QuotaGranted g => g.Tonnes,
        QuotaConsumed c => -c.Tonnes,
        _ => 0m,
    };
}

public sealed class InlineProjectionDatabase : LedgerDatabase
{
    protected override void Configure(StoreOptions opts)
    {
        opts.Projections.Add(new TonnesProjection(), ProjectionLifecycle.Inline);
        opts.Storage.ExtendedSchemaObjects.Add(TonnesProjection.Schema());
    }
}

public sealed class InlineProjectionTests(InlineProjectionDatabase db) : IClassFixture<InlineProjectionDatabase>
{
    private readonly IEventStore store = db.Store;
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Events_and_their_inline_read_model_commit_together()
    {
        var (s1, s2) = (Guid.NewGuid(), Guid.NewGuid());

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(s1, TestEvents.StreamType, 0, new QuotaGranted("h", 5m), new QuotaConsumed("h", -1m, "returned"));
            session.Append(s2, TestEvents.StreamType, 0, new StorageSiteSuspended("site"));
            await session.SaveChangesAsync(TestEvents.Metadata(), Ct);

            // Inside the transaction the rows are there; outside, neither they nor the events are, until the commit.
            await using var inside = new NpgsqlCommand(
                $"SELECT count(*) FROM {TonnesProjection.Table} WHERE stream_id = ANY($1)", session.Connection, session.Transaction);
            inside.Parameters.AddWithValue(new[] { s1, s2 });
            Assert.Equal(3L, await inside.ExecuteScalarAsync());
            Assert.Equal(0L, await CountRowsAsync(s1, s2));
            Assert.Equal(0L, await CountEventsAsync(s1, s2));

            await session.CommitAsync(Ct);
        }

        // One row per event, keyed by the event's own sequence number.
        Assert.Equal(
            await db.ColumnAsync<long>("SELECT seq_id FROM mt_events WHERE stream_id = ANY($1) ORDER BY seq_id", new[] { s1, s2 }),
            await db.ColumnAsync<long>($"SELECT seq_id FROM {TonnesProjection.Table} WHERE stream_id = ANY($1) ORDER BY seq_id", new[] { s1, s2 }));
        Assert.Equal(["quota_granted", "quota_consumed", "storage_site_suspended"],
            await db.ColumnAsync<string>($"SELECT type FROM {TonnesProjection.Table} WHERE stream_id = ANY($1) ORDER BY seq_id", new[] { s1, s2 }));
        Assert.Equal(6m, await db.ScalarAsync<decimal>($"SELECT sum(tonnes) FROM {TonnesProjection.Table} WHERE stream_id = $1", s1));
    }

    [Fact]
    public async Task A_session_disposed_without_commit_leaves_neither_events_nor_read_model()
    {
        var stream = Guid.NewGuid();

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestEvents.StreamType, 0, new QuotaGranted("h", 1m));
            await session.SaveChangesAsync(TestEvents.Metadata(), Ct);
        }

        Assert.Equal(0L, await CountEventsAsync(stream));
        Assert.Equal(0L, await CountRowsAsync(stream));
        Assert.Equal(0L, await db.StreamVersionAsync(stream));
    }

    [Fact]
    public async Task A_read_model_that_refuses_the_events_fails_the_save_with_the_PostgreSQL_error_and_nothing_is_committed()
    {
        var (untouched, refused) = (Guid.NewGuid(), Guid.NewGuid());
        await store.AppendCommittedAsync(untouched, 0, new QuotaGranted("h", 1m));

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(untouched, TestEvents.StreamType, 1, new QuotaGranted("h", 2m));
            session.Append(refused, TestEvents.StreamType, 0, new QuotaConsumed("h", 3m, "more than there is"));

            // The error itself, not Marten's wrapper: callers map it by SqlState and constraint name.
            var e = await Assert.ThrowsAsync<PostgresException>(() => session.SaveChangesAsync(TestEvents.Metadata(), Ct));
            Assert.Equal((PostgresErrorCodes.CheckViolation, TonnesProjection.NotNegative), (e.SqlState, e.ConstraintName));
            await Assert.ThrowsAsync<InvalidOperationException>(() => session.CommitAsync(Ct));
        }

        Assert.Equal(1L, await db.StreamVersionAsync(untouched));
        Assert.Single(await store.FetchAsync(untouched));
        Assert.Equal(1L, await CountRowsAsync(untouched));
        Assert.Equal(0L, await CountEventsAsync(refused));
        Assert.Equal(0L, await CountRowsAsync(refused));
        Assert.Equal(0L, await db.StreamVersionAsync(refused));
    }

    private async Task<long> CountEventsAsync(params Guid[] streams) =>
        await db.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = ANY($1)", streams);

    private async Task<long> CountRowsAsync(params Guid[] streams) =>
        await db.ScalarAsync<long>($"SELECT count(*) FROM {TonnesProjection.Table} WHERE stream_id = ANY($1)", streams);
}
