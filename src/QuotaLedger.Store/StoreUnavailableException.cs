namespace QuotaLedger.Store;

/// <summary>The database could not be reached or went away mid-command; the command had no effect.</summary>
public sealed class StoreUnavailableException(Exception inner)
    : Exception("The event store is unavailable.", inner);
