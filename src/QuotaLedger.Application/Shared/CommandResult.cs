namespace QuotaLedger.Application.Shared;

/// <summary>What a command answers: the resource it created or changed and the version it is now at (its ETag).</summary>
public sealed record CommandResult(Guid Id, long Version);
