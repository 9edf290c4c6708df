namespace QuotaLedger.Application.Shared;

/// <summary>An aggregate as loaded, with the stream version its decisions are appended against.</summary>
public sealed record Loaded<T>(T State, long Version);
