namespace QuotaLedger.Store.Tests.Support;

public sealed record QuotaGranted(string Holder, decimal Tonnes);
public sealed record QuotaConsumed(string Holder, decimal Tonnes, string? Note);
public sealed record StorageSiteSuspended(string Site);

/// <summary>The aggregate the test streams belong to; only its name is stored (as the stream's type).</summary>
public sealed record QuotaAccount;

public static class TestEvents
{
    public static readonly Type[] Types = [typeof(QuotaGranted), typeof(QuotaConsumed), typeof(StorageSiteSuspended)];

    public static readonly Type StreamType = typeof(QuotaAccount);

    public static EventMetadata Metadata(string actor = "alice@example.org", string organisation = "org-1",
        string? reason = "test", Guid? correlationId = null, DateTimeOffset? at = null, Guid? causationId = null) =>
        new(actor, organisation, at ?? DateTimeOffset.UtcNow, reason, correlationId ?? Guid.NewGuid(), causationId);

    /// <summary>Appends to a stream in a session of its own and commits.</summary>
    public static async Task AppendCommittedAsync(this IEventStore store, Guid streamId, long expectedVersion, params object[] events)
    {
        await using var session = await store.OpenSessionAsync(CancellationToken.None);
        session.Append(streamId, StreamType, expectedVersion, events);
        await session.SaveChangesAsync(Metadata(), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }

    public static async Task<IReadOnlyList<RecordedEvent>> FetchAsync(this IEventStore store, Guid streamId)
    {
        await using var session = await store.OpenSessionAsync(CancellationToken.None);
        return await session.FetchStreamAsync(streamId, CancellationToken.None);
    }

    /// <summary>The holder an event is about: which writer's events a stream holds.</summary>
    public static string Holder(object data) => data switch
    {
        QuotaGranted g => g.Holder,
        QuotaConsumed c => c.Holder,
        _ => throw new InvalidOperationException($"unexpected {data}"),
    };
}
