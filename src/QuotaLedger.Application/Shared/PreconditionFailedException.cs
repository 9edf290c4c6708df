namespace QuotaLedger.Application.Shared;

/// <summary>The If-Match version is not the resource's current version (412).</summary>
public sealed class PreconditionFailedException(string what, object id, long expected, long actual)
    : Exception($"{what} {id} is at version {actual}, not {expected}; reload it and decide again.");
