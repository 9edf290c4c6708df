namespace QuotaLedger.Domain.Shared;

/// <summary>Marks the events that the store keeps; each is an immutable record named in the past tense.</summary>
public interface IDomainEvent;
