namespace QuotaLedger.Domain.Shared;

/// <summary>A business rule a command can break; its code is the stable last segment of the problem <c>type</c> URI.</summary>
public enum Rule
{
    /// <summary>R1: an amount has a measure its kind does not carry, or more decimals than kept, or is not positive.</summary>
    InvalidAmount,
    /// <summary>R3: the land source may not create replenishment quota.</summary>
    LandSourceRefused,
    /// <summary>R4: acceptance data missing or inconsistent (land-type change after filing, measures beyond acceptance).</summary>
    AcceptanceRequired,
    /// <summary>R4: a verified measure exceeds the planned one by more than the tolerance the centre set.</summary>
    VerifiedExceedsPlanned,
    /// <summary>R5: the county's or prefecture's storage applications are suspended.</summary>
    StorageSuspended,
    /// <summary>Not enough available quota (frozen and reserved quota does not count).</summary>
    InsufficientQuota,
    /// <summary>The lot, transfer, application or link is not in a state that allows the command.</summary>
    InvalidState,
    /// <summary>A transfer out of the region account needs a second centre user.</summary>
    FourEyesRequired,
    /// <summary>R7: the link does not cover the occupied area, grain capacity or paddy area.</summary>
    ConsumptionNotCovered,
    /// <summary>R2: the holder is not one the ledger knows, or a move to itself.</summary>
    InvalidHolder,
    /// <summary>The command names something of another kind (a replenishment lot for a linkage move).</summary>
    KindMismatch,
    /// <summary>A policy parameter set to apply from a day already past.</summary>
    RetroactivePolicy,
}
