namespace QuotaLedger.Application.Shared;

/// <summary>The user's role or organisation does not reach the holder or resource (403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);
