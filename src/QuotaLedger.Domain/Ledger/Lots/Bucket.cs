using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Ledger.Lots;

/// <summary>
/// Where quota of a lot stands. For every lot, and so for every holder and kind:
/// Issued + Received = Available + Frozen + Reserved + Consumed + Deducted + Sold + TransferredOut.
/// </summary>
public enum Bucket
{
    Issued,
    Received,
    Available,
    Frozen,
    Reserved,
    Consumed,
    Deducted,
    Sold,
    TransferredOut,
}

/// <summary>One line of the ledger journal: a change of one bucket of one lot.</summary>
public readonly record struct LedgerEntry(Bucket Bucket, Measures Change);
