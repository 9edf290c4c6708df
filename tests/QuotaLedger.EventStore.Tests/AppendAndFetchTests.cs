using System.Text.Json;
using Npgsql;
using QuotaLedger.EventStore;

namespace QuotaLedger.EventStore.Tests;

public sealed class AppendAndFetchTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private readonly PostgresEventStore store = TestStore.Store(db.DataSource);
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

        IReadOnlyList<RecordedEvent> saved1, saved2;
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestStore.StreamType, 0, first);
            saved1 = await session.SaveChangesAsync(
                TestStore.Metadata("alice@example.org", "org-north", "initial allocation", correlation, at, causation), Ct);
            await session.CommitAsync(Ct);
        }
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Append(stream, TestStore.StreamType, 3, second);
            saved2 = await session.SaveChangesAsync(TestStore.Metadata("bob@example.org", "org-south", reason: null, at: at.AddMinutes(1)), Ct);
            await session.CommitAsync(Ct);
        }

        IReadOnlyList<RecordedEvent> fetched;
        await using (var session = await store.OpenSessionAsync(Ct))
            fetched = await session.FetchStreamAsync(stream, Ct);

        Assert.Equal(first.Concat(second), fetched.Select(e => e.Data));
        Assert.Equal([1L, 2, 3, 4, 5], fetched.Select(e => e.Version));
        Assert.Equal(["quota_granted", "quota_consumed", "storage_site_suspended", "quota_consumed", "quota_granted"],
            fetched.Select(e => e.Type));
        Assert.All(fetched, e => Assert.Equal(stream, e.StreamId));
        Assert.All(fetched, e => Assert.Equal(TestStore.StreamType, e.StreamType));
        for (var i = 1; i < fetched.Count; i++) Assert.True(fetched[i].Sequence > fetched[i - 1].Sequence);
        Assert.Equal(fetched.Count, fetched.Select(e => e.Id).Distinct().Count());

        // What SaveChangesAsync reported is what was stored.
        Assert.Equal(saved1.Concat(saved2).Select(e => (e.Sequence, e.Id, e.Version, e.Type)),
            fetched.Select(e => (e.Sequence, e.Id, e.Version, e.Type)));

        var m = fetched[0].Metadata;
        Assert.Equal(("alice@example.org", "org-north", "initial allocation", correlation, (Guid?)causation, at),
            (m.Actor, m.Organisation, m.Reason, m.CorrelationId, m.CausationId, m.Timestamp));
        Assert.All(fetched.Take(3), e => Assert.Equal(m, e.Metadata));
        var m2 = fetched[3].Metadata;
        Assert.Equal(("bob@example.org", "org-south", (string?)null, saved2[0].Metadata.CorrelationId, (Guid?)null, at.AddMinutes(1)),
            (m2.Actor, m2.Organisation, m2.Reason, m2.CorrelationId, m2.CausationId, m2.Timestamp));

        // The type column holds the alias, not the CLR name, and the stream row counts the events.
        Assert.Equal(["quota_granted", "quota_consumed", "storage_site_suspended", "quota_consumed", "quota_granted"],
            await db.ColumnAsync<string>("SELECT type FROM ql_events WHERE stream_id = $1 ORDER BY version", stream));
        Assert.Equal(5L, await db.ScalarAsync<long>("SELECT version FROM ql_streams WHERE id = $1", stream));
    }

    [Fact]
    public async Task Events_are_stored_as_json_with_the_registry_serializer_options()
    {
        var stream = Guid.NewGuid();
        await TestStore.AppendCommittedAsync(store, stream, 0, new QuotaConsumed("holder-c", 3.5m, "why"));

        var json = await db.ScalarAsync<string>("SELECT data::text FROM ql_events WHERE stream_id = $1", stream);
        using var doc = JsonDocument.Parse(json!);
        Assert.Equal("holder-c", doc.RootElement.GetProperty("holder").GetString()); // Web defaults: camelCase
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
            session.Append(stream, TestStore.StreamType, version, new QuotaGranted($"h{version}", version));
            await session.SaveChangesAsync(TestStore.Metadata(at: at), Ct);
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
    public async Task Appending_an_event_of_an_unregistered_type_fails_and_writes_nothing()
    {
        var stream = Guid.NewGuid();
        var before = await TestStore.MaxSequenceAsync(db);

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            var e = Assert.Throws<InvalidOperationException>(() =>
                session.Append(stream, TestStore.StreamType, 0, new QuotaGranted("h", 1m), new UnregisteredEvent("?")));
            Assert.Contains(nameof(UnregisteredEvent), e.Message);
            await session.CommitAsync(Ct); // nothing was queued, so nothing is written
        }

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_streams WHERE id = $1", stream));
        Assert.Equal(before, await TestStore.MaxSequenceAsync(db));
        // The stream can still be created afterwards.
        var recorded = await TestStore.AppendCommittedAsync(store, stream, 0, new QuotaGranted("h", 1m));
        Assert.Equal(1L, recorded.Single().Version);
    }

    [Fact]
    public async Task Reading_an_event_whose_alias_the_registry_does_not_know_fails_naming_the_alias()
    {
        var stream = Guid.NewGuid();
        await TestStore.AppendCommittedAsync(store, stream, 0, new QuotaGranted("h", 1m), new StorageSiteSuspended("site-1"));

        var partial = new EventTypeRegistry(new JsonSerializerOptions(JsonSerializerDefaults.Web))
            .Register(typeof(QuotaGranted), "quota_granted");
        var reader = new PostgresEventStore(db.DataSource, partial, []);
        await using var session = await reader.OpenSessionAsync(Ct);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => session.FetchStreamAsync(stream, Ct));
        Assert.Contains("'storage_site_suspended'", e.Message);
    }

    [Fact]
    public async Task Appending_twice_to_one_stream_in_one_session_is_refused()
    {
        await using var session = await store.OpenSessionAsync(Ct);
        var stream = Guid.NewGuid();
        session.Append(stream, TestStore.StreamType, 0, new QuotaGranted("h", 1m));
        Assert.Throws<InvalidOperationException>(() => session.Append(stream, TestStore.StreamType, 1, new QuotaGranted("h", 2m)));
    }

    [Fact]
    public async Task Nothing_a_session_writes_is_visible_to_others_before_it_commits()
    {
        var stream = Guid.NewGuid();
        await using var session = await store.OpenSessionAsync(Ct);
        session.Append(stream, TestStore.StreamType, 0, new QuotaGranted("h", 1m));
        await session.SaveChangesAsync(TestStore.Metadata(), Ct);

        Assert.Single(await session.FetchStreamAsync(stream, Ct)); // the session sees its own writes
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_events WHERE stream_id = $1", stream));

        await session.CommitAsync(Ct);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM ql_events WHERE stream_id = $1", stream));
    }
}

public sealed class EventTypeRegistryTests
{
    private static EventTypeRegistry NewRegistry() => new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public void Registering_all_events_of_a_marker_aliases_them_by_their_snake_case_names()
    {
        var registry = NewRegistry().RegisterAll<ITestEvent>();

        Assert.Equal("marked_quota_granted", registry.AliasOf(typeof(MarkedQuotaGranted)));
        Assert.Equal("carbon_lot_transferred_to_project", registry.AliasOf(typeof(CarbonLotTransferredToProject)));
        Assert.Equal([nameof(CarbonLotTransferredToProject), nameof(MarkedQuotaGranted)], registry.Types.Select(t => t.Name).Order());

        var lot = Guid.NewGuid();
        var data = registry.Deserialize("carbon_lot_transferred_to_project", registry.Serialize(new CarbonLotTransferredToProject(lot, 4)));
        Assert.Equal(new CarbonLotTransferredToProject(lot, 4), data);
    }

    [Fact]
    public void An_unknown_type_or_alias_is_an_error_not_a_guess()
    {
        var registry = NewRegistry().Register(typeof(QuotaGranted), "quota_granted");

        Assert.Contains(nameof(UnregisteredEvent), Assert.Throws<InvalidOperationException>(() => registry.AliasOf(typeof(UnregisteredEvent))).Message);
        Assert.Contains("'QuotaGranted'", Assert.Throws<InvalidOperationException>(() => registry.Deserialize("QuotaGranted", "{}")).Message);
    }

    [Fact]
    public void One_alias_cannot_name_two_event_types()
    {
        var registry = NewRegistry().Register(typeof(QuotaGranted), "quota_granted");

        Assert.Throws<InvalidOperationException>(() => registry.Register(typeof(QuotaConsumed), "quota_granted"));
        registry.Register(typeof(QuotaGranted), "quota_granted"); // registering the same pair again is harmless
        Assert.Equal("quota_granted", registry.AliasOf(typeof(QuotaGranted)));
    }
}
