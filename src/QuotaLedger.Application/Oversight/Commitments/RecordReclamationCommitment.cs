using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Commitments;

/// <summary>
/// 承诺 (R8): a county records that it used mine-wasteland reclamation or linkage quota ahead of reclamation, the
/// replenishment measures it promises to make up and by when; it backs one of its links or a consumption by reference.
/// The centre may record it for the county, also one already overdue (made before the ledger kept commitments).
/// </summary>
public sealed record RecordReclamationCommitment(
    string County,
    ReclamationSource Source,
    Measures Amount,
    DateOnly DueOn,
    Guid? LinkId,
    string? ConsumptionReference,
    string Reason) : ICommand<CommandResult>, IHasReason;

public sealed class RecordReclamationCommitmentValidator : AbstractValidator<RecordReclamationCommitment>
{
    public RecordReclamationCommitmentValidator()
    {
        RuleFor(c => c.County).KnownCounty();
        RuleFor(c => c.Source).IsInEnum();
        this.Amount(_ => QuotaKind.Replenishment, c => c.Amount);
        RuleFor(c => c.LinkId).NotEqual(Guid.Empty);
        RuleFor(c => c.ConsumptionReference).MaximumLength(Validation.MaxTextLength);
        RuleFor(c => c.ConsumptionReference).Empty().When(c => c.LinkId is not null)
            .WithMessage("A commitment backs either a link or a consumption reference, not both.");
        RuleFor(c => c.ConsumptionReference).NotEmpty().When(c => c.LinkId is null)
            .WithMessage("A commitment backs a link (linkId) or a consumption (consumptionReference).");
        RuleFor(c => c.Reason).Reason();
    }
}

public sealed class RecordReclamationCommitmentHandler(
    LedgerSession session, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<RecordReclamationCommitment, CommandResult>
{
    public async Task<CommandResult> Handle(RecordReclamationCommitment command, CancellationToken ct)
    {
        access.RequireActFor(context.Actor, command.County);
        var prefecture = regions.PrefectureOf(command.County)
                         ?? throw new InvalidOperationException($"County {command.County} has no prefecture.");
        // Read, not locked: a link's county never changes, and the commitment keeps standing whatever becomes of the link.
        var link = command.LinkId is { } linkId
            ? (await AggregateDocuments.LoadManyAsync<QuotaLink>(session.Events.Documents, [linkId], ct)).GetValueOrDefault(linkId)?.State
            : null;

        var id = Guid.CreateVersion7();
        session.Start<ReclamationCommitment>(id, ReclamationCommitment.Record(id, command.County, prefecture, command.Source, command.Amount,
            command.DueOn, command.LinkId, link, command.ConsumptionReference, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            byCentre: context.Actor.Role == Role.Centre, command.Reason));
        return new CommandResult(id, 1);
    }
}
