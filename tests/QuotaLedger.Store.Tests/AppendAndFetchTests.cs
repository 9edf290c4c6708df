using System.Text.Json;
using QuotaLedger.Store.Tests.Support;

namespace QuotaLedger.Store.Tests;

public sealed class AppendAndFetchTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly IEventStore store = db.Store;
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Events_appended_to_a_stream_come_back_in_order_with_their_data_and_metadata()
    {
        var stream = Guid.NewGuid();
        var correlation = Guid.NewGuid();
        var causation = Guid.NewGuid();
        // PostgreSQL keeps microseconds: a time with no finer part comes back exactly.
        var at = new DateTimeOffset(2025, 3, 14, 9, 26, 53, 589, 793, TimeSpan.Zero);
        var first = new object[] { new QuotaGranted("holder-a", 120.5m), new QuotaConsumed("holder-a", 20m, null), new StorageSiteSuspended("site-9") };
        var second = new object[] { new QuotaConsumed("holder-a", 0.125m, "second batch"), new QuotaGranted("holder-b", 7m) };
        var secondCorrelation = Guid.NewGuid();

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestEvents.StreamType, 0, first);
            await session.SaveChangesAsync(
                TestEvents.Metadata("alice@example.org", "org-north", "initial allocation", correlation, at, causation), Ct);
            await session.CommitAsync(Ct);
        }
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestEvents.StreamType, 3, second);
            await session.SaveChangesAsync(
                TestEvents.Metadata("bob@example.org", "org-south", reason: null, secondCorrelation, at.AddMinutes(1)), Ct);
            await session.CommitAsync(Ct);
        }

        var fetched = await store.FetchAsync(stream);

        Assert.Equal(first.Concat(second), fetched.Select(e => e.Data));
        Assert.Equal([1L, 2, 3, 4, 5], fetched.Select(e => e.Version));
        Assert.Equal(["quota_granted", "quota_consumed", "storage_site_suspended", "quota_consumed", "quota_granted"],
            fetched.Select(e => e.Type));
        Assert.All(fetched, e => Assert.Equal(stream, e.StreamId));
        for (var i = 1; i < fetched.Count; i++) Assert.True(fetched[i].Sequence > fetched[i - 1].Sequence);
        Assert.Equal(fetched.Count, fetched.Select(e => e.Id).Distinct().Count());

        var m = fetched[0].Metadata;
        Assert.Equal(("alice@example.org", "org-north", "initial allocation", correlation, (Guid?)causation, at),
            (m.Actor, m.Organisation, m.Reason, m.CorrelationId, m.CausationId, m.Timestamp));
        Assert.All(fetched.Take(3), e => Assert.Equal(m, e.Metadata));
        var m2 = fetched[3].Metadata;
        Assert.Equal(("bob@example.org", "org-south", (string?)null, secondCorrelation, (Guid?)null, at.AddMinutes(1)),
            (m2.Actor, m2.Organisation, m2.Reason, m2.CorrelationId, m2.CausationId, m2.Timestamp));

        // Where Marten keeps them: the actor as its user name, organisation and reason as headers, the service's time.
        Assert.Equal(["alice@example.org", "alice@example.org", "alice@example.org", "bob@example.org", "bob@example.org"],
            await db.ColumnAsync<string>("SELECT user_name FROM mt_events WHERE stream_id = $1 ORDER BY version", stream));
        Assert.Equal(["org-north", "initial allocation"], await db.ColumnAsync<string>(
            "SELECT unnest(ARRAY[headers->>'organisation', headers->>'reason']) FROM mt_events WHERE stream_id = $1 AND version = 1", stream));
        Assert.Equal(at.UtcDateTime, await db.ScalarAsync<DateTime>("SELECT timestamp FROM mt_events WHERE stream_id = $1 AND version = 1", stream));
        Assert.Equal(5L, await db.StreamVersionAsync(stream));
        Assert.Equal("quota_account", await db.ScalarAsync<string>("SELECT type FROM mt_streams WHERE id = $1", stream));
    }

    [Fact]
    public async Task Events_are_stored_as_camel_case_json()
    {
        var stream = Guid.NewGuid();
        await store.AppendCommittedAsync(stream, 0, new QuotaConsumed("holder-c", 3.5m, "why"));

        var json = await db.ScalarAsync<string>("SELECT data::text FROM mt_events WHERE stream_id = $1", stream);
        using var doc = JsonDocument.Parse(json!);
        Assert.Equal("holder-c", doc.RootElement.GetProperty("holder").GetString());
        Assert.Equal(3.5m, doc.RootElement.GetProperty("tonnes").GetDecimal());
    }

    [Fact]
    public async Task Fetching_a_stream_as_of_a_moment_leaves_out_later_events()
    {
        var stream = Guid.NewGuid();
        var t0 = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        foreach (var (version, at) in new[] { (0L, t0), (1L, t0.AddHours(1)), (2L, t0.AddHours(2)) })
        {
            await using var session = await store.OpenSessionAsync(Ct);
            session.Append(stream, TestEvents.StreamType, version, new QuotaGranted($"h{version}", version));
            await session.SaveChangesAsync(TestEvents.Metadata(at: at), Ct);
            await session.CommitAsync(Ct);
        }

        await using var reader = await store.OpenSessionAsync(Ct);
        Assert.Equal([1L, 2], (await reader.FetchStreamAsync(stream, Ct, asOf: t0.AddHours(1))).Select(e => e.Version));
        Assert.Equal([1L], (await reader.FetchStreamAsync(stream, Ct, asOf: t0.AddMinutes(59))).Select(e => e.Version));
        Assert.Empty(await reader.FetchStreamAsync(stream, Ct, asOf: t0.AddTicks(-10)));
        Assert.Equal(3, (await reader.FetchStreamAsync(stream, Ct)).Count);
        Assert.Empty(await reader.FetchStreamAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Appending_twice_to_one_stream_in_one_session_is_refused()
    {
        var stream = Guid.NewGuid();
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestEvents.StreamType, 0, new QuotaGranted("h", 1m));
            Assert.Throws<InvalidOperationException>(() => session.Append(stream, TestEvents.StreamType, 1, new QuotaGranted("h", 2m)));

            // The first append stands on its own.
            await session.SaveChangesAsync(TestEvents.Metadata(), Ct);
            await session.CommitAsync(Ct);
        }
        Assert.Equal([1m], (await store.FetchAsync(stream)).Select(e => ((QuotaGranted)e.Data).Tonnes));
    }

    [Fact]
    public async Task Nothing_a_session_writes_is_visible_to_others_before_it_commits()
    {
        var stream = Guid.NewGuid();
        await using var session = await store.OpenSessionAsync(Ct);
        session.Append(stream, TestEvents.StreamType, 0, new QuotaGranted("h", 1m));
        await session.SaveChangesAsync(TestEvents.Metadata(), Ct);

        Assert.Single(await session.FetchStreamAsync(stream, Ct)); // the session sees its own writes
        Assert.Empty(await store.FetchAsync(stream));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = $1", stream));

        await session.CommitAsync(Ct);
        Assert.Single(await store.FetchAsync(stream));
    }

    [Fact]
    public async Task A_session_disposed_without_commit_leaves_nothing()
    {
        var stream = Guid.NewGuid();
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestEvents.StreamType, 0, new QuotaGranted("h", 1m));
            await session.SaveChangesAsync(TestEvents.Metadata(), Ct);
        }

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = $1", stream));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM mt_streams WHERE id = $1", stream));
        // The stream can be started afresh.
        await store.AppendCommittedAsync(stream, 0, new QuotaGranted("h", 2m));
        Assert.Equal([2m], (await store.FetchAsync(stream)).Select(e => ((QuotaGranted)e.Data).Tonnes));
    }

    [Fact]
    public async Task Committing_events_that_were_appended_but_not_saved_is_refused()
    {
        var stream = Guid.NewGuid();
        await using var session = await store.OpenSessionAsync(Ct);
        session.Append(stream, TestEvents.StreamType, 0, new QuotaGranted("h", 1m));

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.CommitAsync(Ct));
        Assert.Empty(await store.FetchAsync(stream));
    }
}
