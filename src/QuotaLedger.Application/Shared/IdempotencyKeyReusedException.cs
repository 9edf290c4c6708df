namespace QuotaLedger.Application.Shared;

/// <summary>An Idempotency-Key was sent again with a different request (422).</summary>
public sealed class IdempotencyKeyReusedException(string key)
    : Exception($"Idempotency-Key '{key}' was already used for a different request.");
