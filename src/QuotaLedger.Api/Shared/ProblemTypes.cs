using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// One kind of error the API answers: the last segment of its <c>type</c> URI, its HTTP status, its title; and in Chinese
/// (zh-CN), its title and a detail that says what it means and what to do, for a request that asks for Chinese.
/// </summary>
public sealed record ProblemType(string Code, int Status, string Title, string ChineseTitle, string ChineseDetail)
{
    public string Uri => ProblemsHandler.TypePrefix + Code;
}

/// <summary>
/// Every problem type, each defined once: the handler answers with these, and <c>docs/problems.md</c>, which users read,
/// is checked against <see cref="All"/> by a test.
/// </summary>
public static class ProblemTypes
{
    public static readonly ProblemType Validation = new("validation", 400, "The request has invalid fields",
        "请求中有字段不合格", "见 errors：逐个字段列出不合格的原因。未写入任何内容。");
    public static readonly ProblemType MalformedRequest = new("malformed-request", 400, "The request body could not be read",
        "无法读取请求正文", "请求正文为空，或不是所需结构的 JSON；见 errors 与 /swagger/v1/swagger.json。未写入任何内容。");
    public static readonly ProblemType BadRequest = new("bad-request", 400, "The request could not be read",
        "无法读取请求", "请求头格式有误（If-Match 或 Idempotency-Key）。未写入任何内容。");
    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "Unauthorized",
        "未登录或令牌无效", "请携带本台账签发方的令牌：Authorization: Bearer <令牌>。");
    public static readonly ProblemType Forbidden = new("forbidden", 403, "Outside the user's scope",
        "超出用户的权限范围", "用户的角色或所属单位不能查看或办理该持有方或事项。");
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found",
        "未找到", "没有该资源，或没有该路径的操作。");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method Not Allowed",
        "不支持该方法", "该路径不接受此 HTTP 方法；见 /swagger/v1/swagger.json。");
    public static readonly ProblemType ConcurrencyConflict = new("concurrency-conflict", 409, "Another change came first",
        "已有其他修改在先", "同一事项已被他人先行修改。请重新读取后再办理。");
    public static readonly ProblemType TransactionConflict = new("transaction-conflict", 409, "Concurrent commands kept colliding",
        "并发命令反复冲突", "命令在每次尝试中都与并发命令冲突，未写入任何内容。请以相同的 Idempotency-Key 重新发送同一请求。");
    public static readonly ProblemType PreconditionFailed = new("precondition-failed", 412, "The resource has changed",
        "资源已经变更", "If-Match 所指的版本已不是当前版本：请重新读取，按最新数据再作决定。");
    public static readonly ProblemType RequestTooLarge = new("request-too-large", 413, "The request body is too large",
        "请求正文过大", "请求正文不得超过 1024 KiB。未写入任何内容。");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported Media Type",
        "不支持的媒体类型", "请以 application/json 发送请求正文。");
    public static readonly ProblemType IdempotencyKeyReused = new("idempotency-key-reused", 422, "Idempotency-Key reused",
        "Idempotency-Key 被重复使用", "同一 Idempotency-Key 已用于另一个不同的请求；新请求请使用新的键。");
    public static readonly ProblemType Internal = new("internal", 500, "Internal error",
        "内部错误", "请求失败，未写入任何内容。");
    public static readonly ProblemType StoreUnavailable = new("store-unavailable", 503, "The ledger database is unavailable",
        "台账数据库暂不可用", "未读取或写入任何内容。请稍后重试。");

    /// <summary>A business rule's problem: 409 for a resource in the wrong state, 422 for every other rule.</summary>
    public static ProblemType Of(Rule rule) => rule switch
    {
        Rule.InvalidAmount => new("invalid-amount", 422, "R1: the amount does not fit its kind",
        "R1：数量与指标类别不符", "所填各项数量不符合该类指标的要求（面积、粮食产能、水田面积）。"),
        Rule.LandSourceRefused => new("land-source-refused", 422, "R3: land source refused",
        "R3：土地来源不符合要求", "该土地来源不能产生补充耕地指标。"),
        Rule.AcceptanceRequired => new("acceptance-required", 422, "R4: acceptance incomplete",
        "R4：验收资料不完整", "验收资料缺失或前后不一致，请补齐后再提交。"),
        Rule.VerifiedExceedsPlanned => new("verified-exceeds-planned", 422, "R4: verified measures exceed the plan",
        "R4：核定数量超出项目计划", "核定数量超出计划的幅度大于现行核定容差（见 /api/v1/storage-policy）；计划有误时由自治区中心调整计划。"),
        Rule.StorageSuspended => new("storage-suspended", 422, "R5: storage applications suspended",
        "R5：入库申请已暂停", "该旗县或其所在盟市的指标入库申请已被暂停。"),
        Rule.InsufficientQuota => new("insufficient-quota", 422, "Not enough available quota",
        "可用指标不足", "可用指标不足；已冻结和已预留的指标不计入可用。"),
        Rule.InvalidState => new("invalid-state", 409, "Not possible in the resource's current state",
        "事项当前状态不允许此操作", "该事项已决定、已解除或已结束，不能再办理此操作。"),
        Rule.FourEyesRequired => new("four-eyes-required", 422, "A second centre user must approve",
        "须由另一位自治区中心用户审批", "从自治区指标库调出的划转，不能由提出人本人审批。"),
        Rule.ConsumptionNotCovered => new("consumption-not-covered", 422, "R7: the occupied land is not covered",
        "R7：挂钩指标不足以覆盖占用", "挂钩的指标数量不足以覆盖占用的土地。"),
        Rule.InvalidHolder => new("invalid-holder", 422, "R2: not a valid holder",
        "R2：不是有效的指标持有方", "该代码不是有效的持有方，或是向自身划转。"),
        Rule.KindMismatch => new("kind-mismatch", 422, "The quota is of another kind or holder",
        "指标类别或持有方不符", "所选指标属于其他类别或其他持有方。"),
        Rule.RetroactivePolicy => new("retroactive-policy", 422, "A policy may not apply from a past day",
        "政策参数不能追溯生效", "政策参数或计划目标不能从已过去的日期起生效：其间的决定已按当时有效的参数作出。"),
        Rule.TradingParametersMissing => new("trading-parameters-missing", 422, "R9: no trading parameters in force",
        "R9：当日没有有效的交易参数", "当日没有有效的交易参数，或该类指标、该计量没有最低价。"),
        Rule.BelowFloor => new("below-floor", 422, "R9: below the floor price in force",
        "R9：低于现行最低价", "挂牌起始价、出价、订单或协议价低于当日有效的最低价。"),
        Rule.InvalidSchedule => new("invalid-schedule", 422, "R9: the dates do not fit",
        "R9：日期安排不符合要求", "日期不符合要求：如公告期未满即开始交易、截止早于开始、期限尚未届满。"),
        Rule.ConsentRequired => new("consent-required", 422, "R9: the county has not consented",
        "R9：旗县尚未同意", "挂牌该旗县的指标，须先记录该旗县的同意。"),
        Rule.BuyerBarred => new("buyer-barred", 403, "R9: the buyer is suspended or barred",
        "R9：买方已被暂停或禁止交易", "买方在当日处于暂停或禁止交易状态（如曾违约）。"),
        Rule.NotEligible => new("not-eligible", 403, "R9: the listing is open to named buyers only",
        "R9：该挂牌仅对指定买方开放", "该挂牌只接受指定买方。"),
        Rule.DepositNotConfirmed => new("deposit-not-confirmed", 422, "R9: the deposit is not confirmed",
        "R9：保证金尚未确认", "买方在该挂牌的保证金尚未确认到账。"),
        Rule.ListingNotTrading => new("listing-not-trading", 409, "R9: the listing is not trading",
        "R9：挂牌不在交易中", "挂牌处于公告、暂停、已截止或已结束状态，不在交易中。"),
        Rule.WindowClosed => new("window-closed", 409, "R9: the trading window has closed",
        "R9：交易时段已结束", "交易时段（含延时）在出价或下单之前已经结束。"),
        Rule.BidTooLow => new("bid-too-low", 422, "R9: the bid is too low",
        "R9：出价过低", "出价须高于当前最高价至少一个加价幅度。"),
        Rule.AboveCap => new("above-cap", 422, "R9: the bid is above the price cap",
        "R9：出价超过最高限价", "出价超过了该挂牌的最高限价。"),
        Rule.PaymentMismatch => new("payment-mismatch", 422, "R9: the payment does not match what is due",
        "R9：付款与应付金额不符", "登记的付款金额与应付金额不一致。"),
        Rule.OccupationTypeRequired => new("occupation-type-required", 422, "R7: the regime in force asks for the occupation type",
        "R7：须注明占用类型", "现行规定要求注明占用类型。"),
        Rule.ExemptOccupation => new("exempt-occupation", 422, "R7: the occupation type is exempt, not consumption",
        "R7：该占用类型免于核销", "该占用类型属于豁免情形，不作为指标使用。"),
        // Reclamation commitments and their deduction (R8, oversight).
        Rule.CommitmentDates => new("commitment-dates", 422, "R8: the commitment's dates do not fit",
        "R8：承诺的日期不符合要求", "补充耕地承诺的日期不符合要求。"),
        Rule.CommitmentMismatch => new("commitment-mismatch", 422, "R8: the commitment and what it is matched with disagree",
        "R8：承诺与所对应的事项不一致", "承诺与其所对应的事项（持有方、类别或数量）不一致。"),
        Rule.CommitmentShort => new("commitment-short", 422, "R8: the fulfilment verifies less than was committed",
        "R8：履约核定数量少于承诺", "履约核定的数量少于所承诺的数量。"),
        Rule.CommitmentSettled => new("commitment-settled", 409, "R8: the commitment was already fulfilled or deducted",
        "R8：承诺已履约或已扣减", "该承诺已经履约或已经扣减。"),
        Rule.CommitmentNotDue => new("commitment-not-due", 422, "R8: the commitment is not yet overdue",
        "R8：承诺尚未逾期", "承诺尚未到期，不能扣减。"),
        // Inspection campaigns (R5).
        Rule.NotOnProblemList => new("not-on-problem-list", 422, "R5: not on the campaign's problem list",
        "R5：不在检查问题清单上", "该项目不在本次检查的问题清单上。"),
        Rule.NotSampled => new("not-sampled", 422, "R5: not in the annual check's field sample",
        "R5：不在年度核查的实地抽样中", "该项目不在年度核查的实地抽样范围内。"),
        // Oversight, plan targets and progress (R10):
        Rule.PlanTargetExists => new("plan-target-exists", 409, "R10: the target exists",
        "R10：计划目标已存在", "该计划目标已经存在；如需调整请修改现有目标。"),
        Rule.PlanTargetMissing => new("plan-target-missing", 422, "R10: no such target",
        "R10：没有该计划目标", "没有该计划目标。"),
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
