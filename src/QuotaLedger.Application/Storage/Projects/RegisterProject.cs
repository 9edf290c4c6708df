using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;

namespace QuotaLedger.Application.Storage.Projects;

/// <summary>A county registers a project that will create quota once accepted; R3 refuses forbidden land sources.</summary>
public sealed record RegisterProject(
    string County,
    QuotaKind Kind,
    string Name,
    LandSource LandSource,
    decimal SlopeDegrees,
    bool InEcologicalRedLine,
    Measures Planned) : ICommand<CommandResult>, IHasReason
{
    public string Reason => $"project {Name} registered";
}

public sealed class RegisterProjectValidator : AbstractValidator<RegisterProject>
{
    public RegisterProjectValidator()
    {
        RuleFor(c => c.County).KnownCounty();
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Validation.MaxTextLength);
        RuleFor(c => c.SlopeDegrees).InclusiveBetween(0, 90).WithMessage("A slope is between 0 and 90 degrees.");
        this.Amount(c => c.Kind, c => c.Planned);
    }
}

public sealed class RegisterProjectHandler(LedgerSession session, RequestContext context, AccessPolicy access)
    : IRequestHandler<RegisterProject, CommandResult>
{
    public Task<CommandResult> Handle(RegisterProject command, CancellationToken ct)
    {
        access.RequireActFor(context.Actor, command.County);
        var id = Guid.CreateVersion7();
        var registered = Project.Register(id, command.County, command.Kind, command.Name, command.LandSource,
            command.SlopeDegrees, command.InEcologicalRedLine, command.Planned);
        session.Start<Project>(id, registered);
        return Task.FromResult(new CommandResult(id, 1));
    }
}
