namespace QuotaLedger.Store;

/// <summary>
/// What part of the ledger a command reads and writes, named by keys (the ledger's: a prefecture and its counties, or
/// the region). Two commands whose scopes share no key cannot see each other's effects, so within one group the writes
/// of a run of such commands can wait and go to the database together (<see cref="ISharedTransaction"/>).
/// </summary>
public sealed class WriteScope
{
    private readonly HashSet<string> keys;

    public WriteScope(IEnumerable<string> keys)
    {
        this.keys = keys.ToHashSet(StringComparer.Ordinal);
        if (this.keys.Count == 0) throw new ArgumentException("A write scope names at least one key.", nameof(keys));
    }

    public IReadOnlyCollection<string> Keys => keys;

    public bool Overlaps(IEnumerable<string> others) => keys.Overlaps(others);
}
