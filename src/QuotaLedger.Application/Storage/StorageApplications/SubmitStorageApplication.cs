using FluentValidation;
using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Application.Storage.Suspensions;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

/// <summary>A county files the acceptance of its own project so that the centre can store its quota (R4, R5).</summary>
public sealed record SubmitStorageApplication(
    Guid ProjectId,
    Measures Verified,
    int? QualityGrade,
    DateOnly AcceptedOn,
    DateOnly LandTypeChangedOn) : ICommand<CommandResult>, IHasReason
{
    public string Reason => "storage application filed";
}

public sealed class SubmitStorageApplicationValidator : AbstractValidator<SubmitStorageApplication>
{
    public SubmitStorageApplicationValidator()
    {
        RuleFor(c => c.ProjectId).NotEmpty();
        RuleFor(c => c.QualityGrade).InclusiveBetween(StorageApplication.BestGrade, StorageApplication.WorstGrade)
            .WithMessage($"The quality grade runs from {StorageApplication.BestGrade} (best) to {StorageApplication.WorstGrade} (worst).");
        RuleFor(c => c.LandTypeChangedOn).LessThanOrEqualTo(c => c.AcceptedOn)
            .WithMessage("R4 (先变更地类再验收报备): the land type must be changed before the acceptance is filed.");
        // The kind is the project's, read later: whether it may carry grain capacity and paddy area is decided then (422).
        this.Amount(_ => null, c => c.Verified);
    }
}

public sealed class SubmitStorageApplicationHandler(
    LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<SubmitStorageApplication, CommandResult>
{
    public async Task<CommandResult> Handle(SubmitStorageApplication command, CancellationToken ct)
    {
        // Locking the project serialises applications for it, so two cannot both pass the "already stored" check.
        var project = (await session.LockOneAsync<Project>(command.ProjectId,
            p => access.RequireActOn<Project>(context.Actor, p.County), expectedVersion: null, ct)).State;

        var suspended = await StorageSuspensions.IsSuspendedAsync(session, project.County, ct);
        var alreadyStored = await HasOpenApplicationAsync(project.Id, ct);
        var id = Guid.CreateVersion7();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var tolerance = (await StoragePolicies.ReadAsync(session, ct)).VerificationTolerancePercentOn(today);
        var submitted = StorageApplication.Submit(id, project,
            new Acceptance(command.Verified, command.QualityGrade, command.AcceptedOn, command.LandTypeChangedOn), today,
            tolerance, suspended, alreadyStored);
        session.Start<StorageApplication>(id, submitted);
        return new CommandResult(id, 1);
    }

    private async Task<bool> HasOpenApplicationAsync(Guid projectId, CancellationToken ct) =>
        await session.Events.Documents.Query<AggregateDocument<StorageApplication>>()
            .AnyAsync(d => d.State.ProjectId == projectId
                           && (d.State.Status == ApplicationStatus.Pending || d.State.Status == ApplicationStatus.Approved), ct);
}
