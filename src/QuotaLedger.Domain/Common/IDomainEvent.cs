namespace QuotaLedger.Domain;

/// <summary>Marks the events that the store keeps; each is an immutable record named in the past tense.</summary>
public interface IDomainEvent;

/// <summary>An event of one aggregate's stream: what its projection folds, and nothing else.</summary>
public interface IEventOf<TAggregate> : IDomainEvent where TAggregate : class, IAggregate<TAggregate>;

/// <summary>An aggregate kept as a stream of events and rebuilt by folding them.</summary>
public interface IAggregate<TSelf> where TSelf : class, IAggregate<TSelf>
{
    /// <summary>The stable name of the stream type (stored, never renamed).</summary>
    static abstract string StreamType { get; }

    /// <summary>The holder codes whose users may see this aggregate (their prefectures and the centre see it too).</summary>
    IReadOnlyCollection<string> Parties { get; }

    static abstract TSelf? Evolve(TSelf? state, IDomainEvent @event);
}
