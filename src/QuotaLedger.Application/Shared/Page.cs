namespace QuotaLedger.Application.Shared;

public sealed record Page<T>(IReadOnlyList<T> Items, int Limit, int Offset);
