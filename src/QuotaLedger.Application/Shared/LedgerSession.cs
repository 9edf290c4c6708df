using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// The current command's unit of work: the event session opened by <see cref="TransactionBehaviour{TRequest,TResponse}"/>,
/// with typed loading and appending of aggregates on top of it.
/// </summary>
public sealed class LedgerSession
{
    private IEventSession? session;
    private readonly List<IDomainEvent> appended = [];

    public IEventSession Events => session ?? throw new InvalidOperationException("No command transaction is open.");

    /// <summary>
    /// The events the command's latest attempt appended: once the command has succeeded, the ones its transaction
    /// committed (an attempt decided again starts with none).
    /// </summary>
    public IReadOnlyList<IDomainEvent> Appended => appended;

    internal void Begin(IEventSession eventSession)
    {
        session = eventSession;
        appended.Clear();
    }

    internal void End() => session = null;

    /// <summary>Locks the aggregates' streams for the rest of the command and loads them; missing ones are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, Loaded<T>>> LockAsync<T>(IReadOnlyCollection<Guid> ids, CancellationToken ct)
        where T : class, IAggregate<T> =>
        await LoadLockedAsync<T>(await Events.LockStreamsAsync(ids, ct), ct);

    /// <summary>Loads aggregates whose streams the command has locked, at the stream versions the lock returned.</summary>
    public async Task<IReadOnlyDictionary<Guid, Loaded<T>>> LoadLockedAsync<T>(IReadOnlyDictionary<Guid, long> versions, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        var loaded = await AggregateDocuments.LoadManyAsync<T>(Events.Documents, versions.Keys.ToArray(), ct);
        foreach (var (id, doc) in loaded)
            if (doc.Version != versions[id])
                throw new InvalidOperationException($"Document of {T.StreamType} {id} is at {doc.Version}, its stream at {versions[id]}.");
        return loaded;
    }

    /// <summary>Locks and loads an aggregate a command reads beside the one it decides on (the project of an application).</summary>
    public async Task<Loaded<T>> LockOneAsync<T>(Guid id, CancellationToken ct) where T : class, IAggregate<T> =>
        (await LockAsync<T>([id], ct)).GetValueOrDefault(id) ?? throw new NotFoundException(Describe<T>(), id);

    /// <summary>
    /// Locks and loads the aggregate a command decides on: <paramref name="requireAccess"/> (403) comes before If-Match
    /// (412), so that a user who may not act on it learns nothing of it, not even its version.
    /// </summary>
    public async Task<Loaded<T>> LockOneAsync<T>(Guid id, Action<T> requireAccess, long? expectedVersion, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        var loaded = await LockOneAsync<T>(id, ct);
        requireAccess(loaded.State);
        RequireVersion<T>(id, expectedVersion, loaded.Version);
        return loaded;
    }

    /// <summary>
    /// Locks and loads an aggregate whose stream may not exist yet (null then), such as a region's storage suspension;
    /// access first, as for <see cref="LockOneAsync{T}(Guid, Action{T}, long?, CancellationToken)"/>; If-Match names a
    /// stream with no events as version 0.
    /// </summary>
    public async Task<Loaded<T>?> LockOptionalAsync<T>(Guid id, Action<T?> requireAccess, long? expectedVersion, CancellationToken ct)
        where T : class, IAggregate<T>
    {
        var loaded = (await LockAsync<T>([id], ct)).GetValueOrDefault(id);
        requireAccess(loaded?.State);
        RequireVersion<T>(id, expectedVersion, loaded?.Version ?? 0);
        return loaded;
    }

    /// <summary>If-Match: the decision is made on the version the client saw, or not at all (412).</summary>
    private static void RequireVersion<T>(Guid id, long? expected, long actual) where T : class, IAggregate<T>
    {
        if (expected is { } version && version != actual) throw new PreconditionFailedException(Describe<T>(), id, version, actual);
    }

    public void Start<T>(Guid id, params IDomainEvent[] events) where T : class, IAggregate<T> => Append<T>(id, 0, events);

    public void Append<T>(Guid id, Loaded<T> loaded, params IDomainEvent[] events) where T : class, IAggregate<T> =>
        Append<T>(id, loaded.Version, events);

    /// <summary>
    /// A decision on a stream that may not exist yet (a singleton before its first decision, a county's first debt):
    /// appended at the version locked, or as the stream's start; the answer names the stream and its new version.
    /// </summary>
    public CommandResult StartOrAppend<T>(Guid id, Loaded<T>? current, params IDomainEvent[] events) where T : class, IAggregate<T>
    {
        Append<T>(id, current?.Version ?? 0, events);
        return new CommandResult(id, (current?.Version ?? 0) + events.Length);
    }

    private void Append<T>(Guid id, long expectedVersion, IDomainEvent[] events) where T : class, IAggregate<T>
    {
        Events.Append(id, typeof(T), expectedVersion, events);
        appended.AddRange(events);
    }

    public static string Describe<T>() where T : class, IAggregate<T> => T.StreamType.Replace('_', ' ');
}
