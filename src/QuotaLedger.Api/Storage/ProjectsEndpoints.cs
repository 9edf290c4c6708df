using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Storage.Projects;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Api.Storage;

public sealed class ProjectsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");

        projects.MapPost("/", async (RegisterProject command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/projects/{result.Id}", result);
            })
            .Command("RegisterProject", "A county registers a project that creates quota once accepted (R3 refuses forbidden land).");

        projects.MapPost("/{projectId:guid}/amend-plan", async (Guid projectId, ProjectPlanAmendmentBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new AmendProjectPlan(projectId, body.Planned, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("AmendProjectPlan",
                "The centre corrects a project's planned measures, with a reason; storage applications are held against the new plan (R4).");

        projects.MapGet("/", async (string? holder, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListProjects(holder, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListProjects", "Projects the user may see, newest first; holder narrows to one county or prefecture.");

        projects.MapGet("/{projectId:guid}", async (Guid projectId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetProject(projectId), http.RequestAborted)))
            .VersionedQuery("GetProject", "A project with its history.");
    }
}

/// <summary>The project's new planned measures and why the plan is amended.</summary>
public sealed record ProjectPlanAmendmentBody(Measures Planned, string Reason);
