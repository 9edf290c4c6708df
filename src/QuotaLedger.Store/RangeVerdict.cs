namespace QuotaLedger.Store;

/// <summary>
/// The verifier's verdict on some events (<see cref="LedgerVerifier.VerifyEventsAsync"/>): verified when nothing was found.
/// <see cref="SealedThrough"/> is the last sequence number a signed block covers; the events after it await their seal.
/// </summary>
public sealed record RangeVerdict(bool Verified, IReadOnlyList<TamperFinding> Findings, long SealedThrough);
