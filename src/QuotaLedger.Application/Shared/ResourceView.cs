namespace QuotaLedger.Application.Shared;

/// <summary>A resource as the API shows it: its current state, its version (ETag), and on request its history.</summary>
public sealed record ResourceView<T>(T Resource, long Version, IReadOnlyList<HistoryEntry>? History = null);
