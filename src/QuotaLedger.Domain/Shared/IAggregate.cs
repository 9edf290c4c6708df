namespace QuotaLedger.Domain.Shared;

/// <summary>An aggregate kept as a stream of events and rebuilt by folding them.</summary>
public interface IAggregate<TSelf> where TSelf : class, IAggregate<TSelf>
{
    /// <summary>The stable name of the stream type (stored, never renamed).</summary>
    static abstract string StreamType { get; }

    /// <summary>The holder codes whose users may see this aggregate (their prefectures and the centre see it too).</summary>
    IReadOnlyCollection<string> Parties { get; }

    static abstract TSelf? Evolve(TSelf? state, IDomainEvent @event);
}
