using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Tests.Support;

/// <summary>
/// An in-memory ledger that runs commands through the deciders the way a handler does: decide on the current state,
/// append the events only if the decision was not refused, then check that the invariants still hold.
/// </summary>
public sealed class LedgerModel
{
    public History History { get; } = new([]);

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    /// <summary>Runs one command; true when it was accepted. Any failure other than a rule's refusal is a bug and escapes.</summary>
    public bool Execute(Func<History, object> decide)
    {
        var outcome = History.When(decide);
        if (outcome.Refusal is not null)
        {
            Refused++;
            return false;
        }
        History.Record(outcome.Events);
        Accepted++;
        LedgerInvariants.Hold(History, outcome.Events);
        return true;
    }

    /// <summary>The n-th aggregate of a type (wrapping around) that matches, or null when there is none.</summary>
    public T? Pick<T>(int n, Func<T, bool>? where = null) where T : class, IAggregate<T>
    {
        var all = History.All<T>().Where(where ?? (_ => true)).ToList();
        return all.Count == 0 ? null : all[n % all.Count];
    }
}
