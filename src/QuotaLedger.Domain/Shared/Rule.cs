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
    /// <summary>R9: no trading parameters (or no floor price for the kind and measure) are in force on the day.</summary>
    TradingParametersMissing,
    /// <summary>R9: a listing's price, a bid, an order or an agreement below the floor price in force on its day.</summary>
    BelowFloor,
    /// <summary>R9: a listing's schedule does not fit (trading before the notice period ends, a close before the start).</summary>
    InvalidSchedule,
    /// <summary>R9: a county's lots are listed without that county's recorded consent.</summary>
    ConsentRequired,
    /// <summary>R9: the buyer is suspended or barred (after a default) on the day.</summary>
    BuyerBarred,
    /// <summary>R9: the listing is open to named buyers only, and this buyer is not one of them.</summary>
    NotEligible,
    /// <summary>R9: the buyer's deposit for the listing has not been confirmed as received.</summary>
    DepositNotConfirmed,
    /// <summary>R9: the listing is not in its trading period (announced, suspended, closed or ended).</summary>
    ListingNotTrading,
    /// <summary>R9: the trading window (after extensions) closed before the bid or order.</summary>
    WindowClosed,
    /// <summary>R9: a bid below the start price or below the current price plus the increment.</summary>
    BidTooLow,
    /// <summary>R9: a bid above the listing's price cap.</summary>
    AboveCap,
    /// <summary>R9: a payment more than the amount still due, or a bank reference confirmed with another amount.</summary>
    PaymentMismatch,

    // Oversight, plan targets and progress (R10):
    /// <summary>R10: a target for the kind, prefecture and period exists; the centre amends it instead of adding another.</summary>
    PlanTargetExists,
    /// <summary>R10: no target for the kind, prefecture and period exists to amend.</summary>
    PlanTargetMissing,
    // Inspection campaigns (R5).
    /// <summary>R5: the project, prefecture or county is not on the campaign's problem list.</summary>
    NotOnProblemList,
    /// <summary>R5: a field result of the annual check for a project outside its field sample.</summary>
    NotSampled,
}
