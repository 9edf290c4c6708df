namespace QuotaLedger.Domain.Shared;

/// <summary>An event of one aggregate's stream: what its projection folds, and nothing else.</summary>
public interface IEventOf<TAggregate> : IDomainEvent where TAggregate : class, IAggregate<TAggregate>;
