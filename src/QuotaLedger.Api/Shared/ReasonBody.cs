namespace QuotaLedger.Api.Shared;

/// <summary>A body that carries only the reason for a decision that must give one.</summary>
public sealed record ReasonBody(string Reason);

/// <summary>A body that may carry the reason for a decision (an approval).</summary>
public sealed record OptionalReasonBody(string? Reason = null);
