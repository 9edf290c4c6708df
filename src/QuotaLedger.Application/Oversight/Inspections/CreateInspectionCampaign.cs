using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Application.Shared.Policy;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;

namespace QuotaLedger.Application.Oversight.Inspections;

/// <summary>One project of a problem list as the centre sends it: the area suspected and what imagery showed.</summary>
public sealed record ProblemEntry(Guid ProjectId, decimal SuspectedArea, FindingCode Finding);

/// <summary>
/// The centre opens an inspection campaign (F-2023 §一(四), §十四) on its problem list of replenishment projects; a monthly
/// patrol's list is issued to the prefectures that day.
/// </summary>
public sealed record CreateInspectionCampaign(CampaignType Type, string Title, CampaignPeriod Period, IReadOnlyList<ProblemEntry> Problems)
    : ICommand<CommandResult>, IHasReason
{
    public string Reason => $"inspection campaign opened: {Title}";
}

public sealed class CreateInspectionCampaignValidator : AbstractValidator<CreateInspectionCampaign>
{
    public CreateInspectionCampaignValidator()
    {
        RuleFor(c => c.Title).NotEmpty().MaximumLength(InspectionCampaign.MaxTitleLength);
        RuleFor(c => c.Period).NotNull();
        RuleFor(c => c.Period.To).GreaterThanOrEqualTo(c => c.Period.From).When(c => c.Period is not null)
            .WithMessage("The period ends on or after the day it starts.");
        RuleFor(c => c.Problems).NotEmpty().Must(p => p is null || p.Count <= InspectionCampaign.MaxProblems)
            .WithMessage($"A problem list names 1 to {InspectionCampaign.MaxProblems} projects.");
        RuleFor(c => c.Problems).Must(p => p.Select(e => e.ProjectId).Distinct().Count() == p.Count).When(c => c.Problems is not null)
            .WithMessage("A problem list names each project once.");
        RuleForEach(c => c.Problems).ChildRules(p =>
        {
            p.RuleFor(e => e.ProjectId).NotEmpty();
            p.RuleFor(e => e.SuspectedArea).GreaterThan(0).Must(a => Quantities.HasAtMostDecimals(a, Measures.AreaDecimals))
                .WithMessage($"R1: areas are kept to {Measures.AreaDecimals} decimal places of a mu and are not rounded.");
        });
    }
}

public sealed class CreateInspectionCampaignHandler(LedgerSession session, RequestContext context, AccessPolicy access, TimeProvider clock)
    : IRequestHandler<CreateInspectionCampaign, CommandResult>
{
    public async Task<CommandResult> Handle(CreateInspectionCampaign command, CancellationToken ct)
    {
        access.RequireCentre(context.Actor, "open inspection campaigns");
        var ids = command.Problems.Select(p => p.ProjectId).ToArray();
        // Read, not locked: a project's county and kind never change.
        var projects = await AggregateDocuments.LoadManyAsync<Project>(session.Events.Documents, ids, ct);
        foreach (var missing in ids.Where(id => !projects.ContainsKey(id)).Take(1))
            throw new NotFoundException("Project", missing);

        var id = Guid.CreateVersion7();
        var created = InspectionCampaign.Create(id, command.Type, command.Title, command.Period,
            command.Problems.Select(p => (p.ProjectId, p.SuspectedArea, p.Finding)).ToArray(),
            projects.ToDictionary(p => p.Key, p => p.Value.State), await PolicyParameterSets.ReadAsync(session, ct),
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), context.Actor);
        session.Start<InspectionCampaign>(id, created);
        return new CommandResult(id, 1);
    }
}
