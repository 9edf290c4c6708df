namespace QuotaLedger.Application.Trading.Listings;

/// <summary>
/// What the timed commands on a listing (<see cref="OpenListingTrading"/>, <see cref="CloseListingTrading"/>,
/// <see cref="ConcludeListing"/>) share. Each is decided under the listing's lock, so that of two sent at once (two service
/// instances, a retry) one decides and the other waits for it. A listing no longer in the state the transition starts
/// from (it already happened, or the listing was suspended, withdrawn or terminated meanwhile) answers its current
/// version and records nothing: the job sending it has nothing to do. One sent before it is due is refused
/// (<c>invalid-schedule</c>).
/// </summary>
internal static class TimedListingCommands
{
    public const string Action = "run a listing's timed transitions";
}
