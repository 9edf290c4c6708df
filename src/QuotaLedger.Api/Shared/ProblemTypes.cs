using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Api.Shared;

/// <summary>One kind of error the API answers: the last segment of its <c>type</c> URI, its HTTP status, its title.</summary>
public sealed record ProblemType(string Code, int Status, string Title)
{
    public string Uri => ProblemsHandler.TypePrefix + Code;
}

/// <summary>
/// Every problem type, each defined once: the handler answers with these, and <c>docs/problems.md</c>, which users read,
/// is checked against <see cref="All"/> by a test.
/// </summary>
public static class ProblemTypes
{
    public static readonly ProblemType Validation = new("validation", 400, "The request has invalid fields");
    public static readonly ProblemType MalformedRequest = new("malformed-request", 400, "The request body could not be read");
    public static readonly ProblemType BadRequest = new("bad-request", 400, "The request could not be read");
    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "Unauthorized");
    public static readonly ProblemType Forbidden = new("forbidden", 403, "Outside the user's scope");
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method Not Allowed");
    public static readonly ProblemType ConcurrencyConflict = new("concurrency-conflict", 409, "Another change came first");
    public static readonly ProblemType TransactionConflict = new("transaction-conflict", 409, "Concurrent commands kept colliding");
    public static readonly ProblemType PreconditionFailed = new("precondition-failed", 412, "The resource has changed");
    public static readonly ProblemType RequestTooLarge = new("request-too-large", 413, "The request body is too large");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported Media Type");
    public static readonly ProblemType IdempotencyKeyReused = new("idempotency-key-reused", 422, "Idempotency-Key reused");
    public static readonly ProblemType Internal = new("internal", 500, "Internal error");
    public static readonly ProblemType StoreUnavailable = new("store-unavailable", 503, "The ledger database is unavailable");

    /// <summary>A business rule's problem: 409 for a resource in the wrong state, 422 for every other rule.</summary>
    public static ProblemType Of(Rule rule) => rule switch
    {
        Rule.InvalidAmount => new("invalid-amount", 422, "R1: the amount does not fit its kind"),
        Rule.LandSourceRefused => new("land-source-refused", 422, "R3: land source refused"),
        Rule.AcceptanceRequired => new("acceptance-required", 422, "R4: acceptance incomplete"),
        Rule.VerifiedExceedsPlanned => new("verified-exceeds-planned", 422, "R4: verified measures exceed the plan"),
        Rule.StorageSuspended => new("storage-suspended", 422, "R5: storage applications suspended"),
        Rule.InsufficientQuota => new("insufficient-quota", 422, "Not enough available quota"),
        Rule.InvalidState => new("invalid-state", 409, "Not possible in the resource's current state"),
        Rule.FourEyesRequired => new("four-eyes-required", 422, "A second centre user must approve"),
        Rule.ConsumptionNotCovered => new("consumption-not-covered", 422, "R7: the occupied land is not covered"),
        Rule.InvalidHolder => new("invalid-holder", 422, "R2: not a valid holder"),
        Rule.KindMismatch => new("kind-mismatch", 422, "The quota is of another kind or holder"),
        Rule.RetroactivePolicy => new("retroactive-policy", 422, "A policy may not apply from a past day"),
        Rule.TradingParametersMissing => new("trading-parameters-missing", 422, "R9: no trading parameters in force"),
        Rule.BelowFloor => new("below-floor", 422, "R9: below the floor price in force"),
        Rule.InvalidSchedule => new("invalid-schedule", 422, "R9: the dates do not fit"),
        Rule.ConsentRequired => new("consent-required", 422, "R9: the county has not consented"),
        Rule.BuyerBarred => new("buyer-barred", 403, "R9: the buyer is suspended or barred"),
        Rule.NotEligible => new("not-eligible", 403, "R9: the listing is open to named buyers only"),
        Rule.DepositNotConfirmed => new("deposit-not-confirmed", 422, "R9: the deposit is not confirmed"),
        Rule.ListingNotTrading => new("listing-not-trading", 409, "R9: the listing is not trading"),
        Rule.WindowClosed => new("window-closed", 409, "R9: the trading window has closed"),
        Rule.BidTooLow => new("bid-too-low", 422, "R9: the bid is too low"),
        Rule.AboveCap => new("above-cap", 422, "R9: the bid is above the price cap"),
        Rule.PaymentMismatch => new("payment-mismatch", 422, "R9: the payment does not match what is due"),
        // Oversight, plan targets and progress (R10):
        Rule.PlanTargetExists => new("plan-target-exists", 409, "R10: the target exists"),
        Rule.PlanTargetMissing => new("plan-target-missing", 422, "R10: no such target"),
        // Inspection campaigns (R5).
        Rule.NotOnProblemList => new("not-on-problem-list", 422, "R5: not on the campaign's problem list"),
        Rule.NotSampled => new("not-sampled", 422, "R5: not in the annual check's field sample"),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "A rule without a problem type."),
    };

    public static IEnumerable<ProblemType> All =>
        new[]
        {
            Validation, MalformedRequest, BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, ConcurrencyConflict,
            TransactionConflict, PreconditionFailed, RequestTooLarge, UnsupportedMediaType, IdempotencyKeyReused, Internal,
            StoreUnavailable,
        }.Concat(Enum.GetValues<Rule>().Select(Of));
}
