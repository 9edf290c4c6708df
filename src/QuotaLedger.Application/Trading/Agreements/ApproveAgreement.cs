using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Agreements;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;

namespace QuotaLedger.Application.Trading.Agreements;

/// <summary>
/// Four eyes: a centre user other than the one who recorded it approves the agreement; the quantity is reserved on the
/// seller's lots (oldest first) under the agreement's id, and the deal awaiting payment is concluded.
/// </summary>
public sealed record ApproveAgreement(Guid AgreementId, string? Reason, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason;

public sealed class ApproveAgreementValidator : AbstractValidator<ApproveAgreement>
{
    public ApproveAgreementValidator()
    {
        RuleFor(c => c.AgreementId).NotEmpty();
        RuleFor(c => c.Reason).MaximumLength(Validation.MaxTextLength);
    }
}

public sealed class ApproveAgreementHandler(
    LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<ApproveAgreement, CommandResult>
{
    public async Task<CommandResult> Handle(ApproveAgreement command, CancellationToken ct)
    {
        var agreement = await session.LockOneAsync<Agreement>(command.AgreementId,
            _ => access.RequireCentre(context.Actor, "approve point-to-point agreements"), command.ExpectedVersion, ct);
        var terms = agreement.State;
        // Locked, as a default locks it to bar it: a bar recorded meanwhile is seen.
        var buyer = await session.LockOneAsync<Buyer>(terms.BuyerId, ct);
        var drawable = await lots.LockCoveringAsync(terms.Kind, terms.Measure.AsMeasures(terms.Quantity), [new DrawFrom(terms.Seller)], ct);

        var dealId = Guid.CreateVersion7();
        var (approved, reserved, deal) = terms.Approve(context.Actor, buyer.State, drawable.InOrder, dealId, clock.GetUtcNow());
        session.Append(command.AgreementId, agreement, approved);
        session.AppendLots(drawable.ById, reserved);
        session.Start<Deal>(dealId, deal);
        return new CommandResult(command.AgreementId, agreement.Version + 1);
    }
}
