using FluentValidation;
using MediatR;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Policy;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;

namespace QuotaLedger.Application.Ledger.Links;

/// <summary>
/// 挂钩 (R7, 先补后占): a county holds quota for a construction project's land-use approval application, covering the
/// occupied measures the policy regime in force today requires (area, grain capacity and paddy area in both built-in
/// regimes), drawn from its own county's quota first (R6). The regime decides whether the occupation type must be named
/// and which types are exempt (and so refused); the link records the type and the regime's id.
/// </summary>
public sealed record LinkQuota(
    string County,
    QuotaKind Kind,
    string ApprovalReference,
    Measures Occupied,
    string Reason,
    Measures? Amount = null,
    OccupationType? OccupationType = null) : ICommand<CommandResult>, IHasReason;

public sealed class LinkQuotaValidator : AbstractValidator<LinkQuota>
{
    public LinkQuotaValidator()
    {
        RuleFor(c => c.County).KnownCounty();
        RuleFor(c => c.ApprovalReference).NotEmpty().MaximumLength(Validation.MaxTextLength);
        this.Amount(c => c.Kind, c => c.Occupied);
        this.Amount(c => c.Kind, c => c.Amount);
        RuleFor(c => c.OccupationType).IsInEnum();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class LinkQuotaHandler(LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<LinkQuota, CommandResult>
{
    public async Task<CommandResult> Handle(LinkQuota command, CancellationToken ct)
    {
        access.RequireActFor(context.Actor, command.County);
        // Without an amount, exactly the occupied land is linked.
        var amount = command.Amount ?? command.Occupied;
        var locked = await lots.LockCoveringAsync(command.Kind, amount, [new DrawFrom(command.County, OwnQuotaFirst: true)], ct);

        var regime = (await PolicyParameterSets.ReadAsync(session, ct)).InForceOn(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

        var id = Guid.CreateVersion7();
        var (linked, reserved) = QuotaLink.Link(id, command.County, command.Kind, command.ApprovalReference, command.Occupied,
            amount, locked.InOrder, regime, command.OccupationType);
        session.Start<QuotaLink>(id, linked);
        session.AppendLots(locked.ById, reserved);
        return new CommandResult(id, 1);
    }
}
