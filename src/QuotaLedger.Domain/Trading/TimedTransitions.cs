namespace QuotaLedger.Domain.Trading;

/// <summary>
/// The transitions that happen at a time rather than on a request (trading opens, trading closes, a deal concludes, a
/// payment deadline passes). Each is dated when it was due; one recorded this long after that was missed while the
/// service was down, and its event says so.
/// </summary>
public static class TimedTransitions
{
    public static readonly TimeSpan CatchUpAfter = TimeSpan.FromMinutes(1);

    public static bool IsLate(DateTimeOffset due, DateTimeOffset now) => now - due > CatchUpAfter;
}
