using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Agreements;

namespace QuotaLedger.Application.Trading.Agreements;

/// <summary>A centre user other than the one who recorded it rejects the agreement under review, with a reason.</summary>
public sealed record RejectAgreement(Guid AgreementId, string Reason, long? ExpectedVersion = null) : ICommand<CommandResult>, IHasReason;

public sealed class RejectAgreementValidator : AbstractValidator<RejectAgreement>
{
    public RejectAgreementValidator()
    {
        RuleFor(c => c.AgreementId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class RejectAgreementHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<RejectAgreement, CommandResult>
{
    public async Task<CommandResult> Handle(RejectAgreement command, CancellationToken ct)
    {
        var agreement = await session.LockOneAsync<Agreement>(command.AgreementId,
            _ => access.RequireCentre(context.Actor, "reject point-to-point agreements"), command.ExpectedVersion, ct);
        session.Append(command.AgreementId, agreement, agreement.State.Reject(context.Actor, command.Reason));
        return new CommandResult(command.AgreementId, agreement.Version + 1);
    }
}
