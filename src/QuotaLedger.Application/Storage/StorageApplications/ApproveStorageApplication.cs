using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Storage.Suspensions;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

/// <summary>
/// The centre approves a storage application: a new lot is issued to the county with its provenance (R4). Where the
/// county owes replenishment quota for a deduction its balances could not cover (R8, <see cref="CountyQuotaDebt"/>),
/// the new lot pays that off first, oldest debt first, in the same transaction.
/// </summary>
public sealed record ApproveStorageApplication(Guid ApplicationId, string? Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class ApproveStorageApplicationValidator : AbstractValidator<ApproveStorageApplication>
{
    public ApproveStorageApplicationValidator() => RuleFor(c => c.ApplicationId).NotEmpty();
}

public sealed class ApproveStorageApplicationHandler(
    LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<ApproveStorageApplication, CommandResult>
{
    public async Task<CommandResult> Handle(ApproveStorageApplication command, CancellationToken ct)
    {
        var application = await session.LockOneAsync<StorageApplication>(command.ApplicationId,
            _ => access.RequireCentre(context.Actor, "approve storage applications"), command.ExpectedVersion, ct);
        var project = await session.LockOneAsync<Project>(application.State.ProjectId, ct);
        var suspended = await StorageSuspensions.IsSuspendedAsync(session, application.State.County, ct);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var tolerance = (await StoragePolicies.ReadAsync(session, ct)).VerificationTolerancePercentOn(today);

        // Locked last, as the timed deduction locks it after the lots: an approval and a deduction of the same county
        // decide one after the other on the debt.
        var debtId = CountyQuotaDebt.StreamIdOf(application.State.County);
        var debt = (await session.LockAsync<CountyQuotaDebt>([debtId], ct)).GetValueOrDefault(debtId);

        var lotId = Guid.CreateVersion7();
        var (approved, issued) = application.State.Approve(project.State, lotId, tolerance, suspended);
        session.Append(application.State.Id, application, approved);
        if (debt is null)
        {
            session.Start<Lot>(lotId, issued);
        }
        else
        {
            var (repaid, deducted) = debt.State.RepayFrom(Lot.Evolve(null, issued)!, application.State.Id);
            session.Start<Lot>(lotId, [issued, .. deducted]);
            if (repaid.Count > 0) session.Append(debtId, debt, [.. repaid]);
        }
        return new CommandResult(application.State.Id, application.Version + 1);
    }
}
