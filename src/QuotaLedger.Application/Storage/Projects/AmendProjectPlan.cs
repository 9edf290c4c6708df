using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;

namespace QuotaLedger.Application.Storage.Projects;

/// <summary>
/// The centre corrects a project's planned measures, with a reason (R11: the old plan stays in the history). Storage
/// applications are held against the plan as it stands, at filing and again at approval (R4).
/// </summary>
public sealed record AmendProjectPlan(Guid ProjectId, Measures Planned, string Reason, long? ExpectedVersion = null)
    : ICommand<CommandResult>, IHasReason;

public sealed class AmendProjectPlanValidator : AbstractValidator<AmendProjectPlan>
{
    public AmendProjectPlanValidator()
    {
        RuleFor(c => c.ProjectId).NotEmpty();
        RuleFor(c => c.Reason).Reason();
        // The kind is the project's, read later: whether it may carry grain capacity and paddy area is decided then (422).
        this.Amount(_ => null, c => c.Planned);
    }
}

public sealed class AmendProjectPlanHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<AmendProjectPlan, CommandResult>
{
    public async Task<CommandResult> Handle(AmendProjectPlan command, CancellationToken ct)
    {
        var project = await session.LockOneAsync<Project>(command.ProjectId,
            _ => access.RequireCentre(context.Actor, "amend project plans"), command.ExpectedVersion, ct);
        session.Append(project.State.Id, project, project.State.AmendPlan(command.Planned, command.Reason));
        return new CommandResult(project.State.Id, project.Version + 1);
    }
}
