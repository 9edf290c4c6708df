namespace QuotaLedger.Store;

/// <summary>
/// A group's deferred writes could not be made as they were decided (a batch the database refused, or a command that
/// reached outside its <see cref="WriteScope"/> into a stream whose writes are still waiting). Nothing of the group is
/// committed; each of its commands is to be decided again on its own, with its writes made at once.
/// </summary>
public sealed class GroupWriteConflictException(string message, Exception? inner = null) : Exception(message, inner);
